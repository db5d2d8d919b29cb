"""Runs as spreadsheets and integrations write them: the CSV/JSON row of ``achilles load``.

``achilles load --from-csv`` and the daily decision's ``--json`` input pass their rows through
:func:`run_entries_from_dicts`, so both accept and reject exactly the same things.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from achillescare.domain.load.series import DailySeries, nan_if_none, series_from_columns
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class RunEntry:
    """One run as a spreadsheet or an integration writes it (the CSV/JSON row); None = unknown."""

    date: date
    distance_km: float
    duration_min: float | None = None
    uphill_km: float | None = None
    fast_min: float | None = None
    strides: int | None = None
    rpe: float | None = None


_ENTRY_FIELDS = ("date", "distance_km", "duration_min", "uphill_km", "fast_min", "strides", "rpe")


def _number(row: int, name: str, raw: object, *, required: bool = False) -> float | None:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if required:
            raise InvalidInput(f"row {row}: {name} is required")
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise InvalidInput(f"row {row}: {name} {raw!r} is not a number")
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"row {row}: {name} {raw!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"row {row}: {name} {raw!r} must be a number ≥ 0")
    return value


def run_entries_from_dicts(
    rows: Iterable[Mapping[str, object]], *, first_row: int = 1
) -> list[RunEntry]:
    """Validate rows (CSV ``DictReader`` rows or JSON objects) into :class:`RunEntry` values.

    ``date`` (YYYY-MM-DD) and ``distance_km`` are required; the other fields of
    :class:`RunEntry` are optional and blank means unknown. Raises ``ValueError`` naming the row
    (numbered from ``first_row``) for an unknown field, a bad date or a bad number.
    """
    entries: list[RunEntry] = []
    for number, row in enumerate(rows, start=first_row):
        unknown = sorted(str(key) for key in row if key not in _ENTRY_FIELDS)
        if unknown:
            raise InvalidInput(
                f"row {number}: unknown field {', '.join(unknown)} "
                f"(expected {', '.join(_ENTRY_FIELDS)})"
            )
        raw_date = row.get("date")
        if isinstance(raw_date, date):
            day = raw_date
        elif isinstance(raw_date, str) and raw_date.strip():
            try:
                day = date.fromisoformat(raw_date.strip())
            except ValueError:
                raise InvalidInput(f"row {number}: date {raw_date!r} is not YYYY-MM-DD") from None
        else:
            raise InvalidInput(f"row {number}: date is required (YYYY-MM-DD)")
        distance = _number(number, "distance_km", row.get("distance_km"), required=True)
        strides = _number(number, "strides", row.get("strides"))
        if strides is not None and not strides.is_integer():
            raise InvalidInput(
                f"row {number}: strides {row.get('strides')!r} is not a whole number"
            )
        rpe = _number(number, "rpe", row.get("rpe"))
        if rpe is not None and rpe > 10:
            raise InvalidInput(f"row {number}: rpe {row.get('rpe')!r} is not on the 0–10 scale")
        entries.append(
            RunEntry(
                date=day,
                distance_km=distance if distance is not None else 0.0,
                duration_min=_number(number, "duration_min", row.get("duration_min")),
                uphill_km=_number(number, "uphill_km", row.get("uphill_km")),
                fast_min=_number(number, "fast_min", row.get("fast_min")),
                strides=None if strides is None else int(strides),
                rpe=rpe,
            )
        )
    return entries


def daily_series_from_entries(
    entries: Iterable[RunEntry],
    *,
    prevention_days: Sequence[date] | None = None,
    end: date | None = None,
) -> DailySeries:
    """The daily series of CSV/JSON run rows (kilometres and minutes become metres and seconds)."""
    rows = list(entries)
    km = Units.KM
    columns: dict[str, list[float]] = {
        "distance_m": [e.distance_km * km.metres for e in rows],
        "duration_s": [nan_if_none(e.duration_min) * 60.0 for e in rows],
        "uphill_m": [nan_if_none(e.uphill_km) * km.metres for e in rows],
        "fast_s": [nan_if_none(e.fast_min) * 60.0 for e in rows],
        "strides": [nan_if_none(e.strides) for e in rows],
        "rpe": [nan_if_none(e.rpe) for e in rows],
    }
    return series_from_columns([e.date for e in rows], columns, prevention_days, end)
