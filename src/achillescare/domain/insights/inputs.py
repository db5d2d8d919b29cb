"""What the insights read: one runner's runs with their features, and their mornings.

A run carries the features the store knows of it (uphill metres, fast minutes, strides, surface,
and the shoe: model, distance the pair had done before this run, drop). Unknown stays None: a
manual run has no uphill figure and is left out of the uphill comparison, never counted as flat.

A morning is the worse leg's answer: the pain-monitoring model reads each leg, and a runner
whose left tendon hurts after hills wants to hear it whichever leg it is (Silbernagel et al.
2007). With one leg checked in, that leg's answer is the morning's.

The ``--from-json`` input is shaped like ``achilles decide --json``'s (same check-ins, same
``as_of``), with richer runs and an optional list of prevention-session dates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from achillescare.domain.assessment.symptoms import CheckIn, parse_date
from achillescare.domain.decision.inputs import parse_decide_input
from achillescare.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class InsightRun:
    """One run, in SI units; None = not known for this run."""

    date: date
    distance_m: float
    duration_s: float | None = None
    uphill_m: float | None = None
    fast_s: float | None = None
    strides: int | None = None
    surface: str | None = None
    shoe: str | None = None
    shoe_distance_before_m: float | None = None
    shoe_drop_mm: float | None = None


@dataclass(frozen=True, slots=True)
class Morning:
    """One morning's symptoms (the worse leg): pain 0–10 and stiffness in minutes."""

    date: date
    pain: float | None = None
    stiffness_min: float | None = None


@dataclass(frozen=True, slots=True)
class InsightInput:
    """Everything one runner's insights are computed from."""

    runs: tuple[InsightRun, ...]
    mornings: tuple[Morning, ...]
    prevention_days: tuple[date, ...] = ()


def mornings_from_checkins(checkins: Sequence[CheckIn]) -> tuple[Morning, ...]:
    """One morning per date: the worse leg's pain and the longer stiffness of those answered."""
    pain: dict[date, float] = {}
    stiffness: dict[date, float] = {}
    for checkin in checkins:
        if checkin.morning_pain is not None:
            pain[checkin.date] = max(pain.get(checkin.date, 0.0), float(checkin.morning_pain))
        if checkin.morning_stiffness_min is not None:
            stiffness[checkin.date] = max(
                stiffness.get(checkin.date, 0.0), float(checkin.morning_stiffness_min)
            )
    days = sorted(set(pain) | set(stiffness))
    return tuple(Morning(day, pain.get(day), stiffness.get(day)) for day in days)


RUN_FIELDS = (
    "date",
    "distance_km",
    "duration_min",
    "uphill_m",
    "uphill_km",
    "fast_min",
    "strides",
    "rpe",
    "shoe",
    "shoe_distance_before_km",
    "shoe_drop_mm",
    "surface",
)
"""The run fields ``--from-json`` accepts: the load CSV's columns (so a ``decide --json`` document
is read as is) plus uphill in metres, the shoe and the surface."""

TOP_FIELDS = frozenset(
    {"as_of", "checkins", "runs", "visa_a", "birth_year", "assessments", "overrides", "prevention"}
)


def _number(where: str, name: str, raw: object) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise InvalidInput(f"{where}: {name} must be a number, not {raw!r}")
    value = float(raw)
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{where}: {name} must be a number ≥ 0, not {raw!r}")
    return value


def _text(where: str, name: str, raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 200:
        raise InvalidInput(f"{where}: {name} must be a short text, not {raw!r}")
    return raw.strip()


def run_from_dict(item: Mapping[str, object], as_of: date, where: str) -> InsightRun:
    """One run of the JSON input; ValueError naming ``where`` for anything out of place."""
    unknown = sorted(str(key) for key in item if key not in RUN_FIELDS)
    if unknown:
        raise InvalidInput(
            f"{where}: unknown field(s) {', '.join(unknown)} (expected {', '.join(RUN_FIELDS)})"
        )
    day = parse_date(f"{where}.date", item.get("date"))
    if day > as_of:
        raise InvalidInput(f"{where}: date {day} is after as_of {as_of}")
    distance_km = _number(where, "distance_km", item.get("distance_km"))
    if distance_km is None:
        raise InvalidInput(f"{where}: distance_km is required")
    uphill_m = _number(where, "uphill_m", item.get("uphill_m"))
    uphill_km = _number(where, "uphill_km", item.get("uphill_km"))
    if uphill_m is None and uphill_km is not None:
        uphill_m = uphill_km * 1000.0
    duration_min = _number(where, "duration_min", item.get("duration_min"))
    fast_min = _number(where, "fast_min", item.get("fast_min"))
    strides = _number(where, "strides", item.get("strides"))
    if strides is not None and not strides.is_integer():
        raise InvalidInput(f"{where}: strides must be a whole number, not {item.get('strides')!r}")
    _number(where, "rpe", item.get("rpe"))
    shoe_before_km = _number(where, "shoe_distance_before_km", item.get("shoe_distance_before_km"))
    drop = _number(where, "shoe_drop_mm", item.get("shoe_drop_mm"))
    if drop is not None and drop > 30:
        raise InvalidInput(f"{where}: shoe_drop_mm {drop:g} is not a shoe's drop (0–30 mm)")
    return InsightRun(
        date=day,
        distance_m=distance_km * 1000.0,
        duration_s=None if duration_min is None else duration_min * 60.0,
        uphill_m=uphill_m,
        fast_s=None if fast_min is None else fast_min * 60.0,
        strides=None if strides is None else int(strides),
        surface=_text(where, "surface", item.get("surface")),
        shoe=_text(where, "shoe", item.get("shoe")),
        shoe_distance_before_m=None if shoe_before_km is None else shoe_before_km * 1000.0,
        shoe_drop_mm=drop,
    )


def parse_insight_input(payload: object, today: date) -> InsightInput:
    """Validate an ``insights --from-json`` document: a ``decide --json`` request whose runs may
    also carry ``uphill_m``, ``shoe``, ``shoe_distance_before_km``, ``shoe_drop_mm`` and
    ``surface``, plus ``prevention``, a list of dates with a prevention session. The check-ins,
    ``as_of`` and the other fields are validated exactly as ``decide`` does."""
    if not isinstance(payload, Mapping):
        raise InvalidInput("the input must be one JSON object")
    unknown = sorted(set(payload) - TOP_FIELDS)
    if unknown:
        raise InvalidInput(
            f"unknown field(s) {', '.join(unknown)} (expected {', '.join(sorted(TOP_FIELDS))})"
        )
    rest = {key: value for key, value in payload.items() if key not in {"runs", "prevention"}}
    request = parse_decide_input(rest, today)
    raw_runs = payload.get("runs") or []
    if not isinstance(raw_runs, list) or not all(isinstance(r, Mapping) for r in raw_runs):
        raise InvalidInput("runs must be a list of objects")
    runs = tuple(
        run_from_dict(item, request.as_of, f"runs[{i}]") for i, item in enumerate(raw_runs)
    )
    raw_prevention = payload.get("prevention") or []
    if not isinstance(raw_prevention, list):
        raise InvalidInput("prevention must be a list of dates")
    prevention = tuple(
        parse_date(f"prevention[{i}]", item) for i, item in enumerate(raw_prevention)
    )
    return InsightInput(runs, mornings_from_checkins(request.checkins), tuple(sorted(prevention)))
