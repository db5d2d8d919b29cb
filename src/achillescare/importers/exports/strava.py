"""Strava bulk export: ``activities.csv`` names each activity's file, type, gear and effort.

The CSV is read by column position, never by header name: Strava repeats names (``Distance`` is
the displayed km or miles at column 6 and metres at column 17, ``Elapsed Time`` appears twice) and
translates headers into the account's language (Spanish ``ID de actividad``, ``Fecha de la
actividad``, ``Nombre del archivo``). The export is recognised by structure: numeric activity ids
in the first column and a file column whose cells read ``activities/…``. ``Activity Date`` is UTC
(checked against the first GPX timestamp of the real export in the project's corpus).
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, replace
from datetime import UTC

from achillescare.domain.activity.records import FileSummary, ParsedActivity, is_running
from achillescare.domain.gear.shoes import Shoe
from achillescare.domain.units import Units, to_metres
from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.tabular import (
    at_most,
    is_missing,
    non_empty_rows,
    parse_loose_datetime,
    parse_number,
)
from achillescare.importers.limits import MAX_LIST_ROWS

# Column positions of the current export (94 columns, checked on a 2025 export).
_ID, _DATE, _NAME, _TYPE = 0, 1, 2, 3
_ELAPSED_DISPLAY, _DISTANCE_DISPLAY, _MAX_HR_DISPLAY = 5, 6, 7
_GEAR, _FILENAME = 11, 12
_ELAPSED_S, _MOVING_S, _DISTANCE_M = 15, 16, 17
_GAIN_M, _LOSS_M = 20, 21
_AVG_CADENCE, _MAX_HR, _AVG_HR = 29, 30, 31
_PERCEIVED_EXERTION = 43
_FULL_LAYOUT_COLUMNS = 44
"""With at least this many columns the raw SI block (metres, seconds) is present."""

_GEAR_HEADERS = frozenset(
    {"activity gear", "equipo de la actividad", "ausrüstung der aktivität",
     "équipement de l'activité", "attrezzatura attività", "equipamento da atividade"}
)  # fmt: skip

SPORTS = {
    "run": "running", "trail run": "trail_running", "virtual run": "treadmill_running",
    "ride": "cycling", "virtual ride": "cycling", "mountain bike ride": "cycling",
    "gravel ride": "cycling", "e-bike ride": "cycling", "e-mountain bike ride": "cycling",
    "handcycle": "cycling", "velomobile": "cycling",
    "walk": "walking", "hike": "hiking", "swim": "swimming",
    "alpine ski": "alpine_skiing", "backcountry ski": "alpine_skiing",
    "nordic ski": "cross_country_skiing", "snowshoe": "snowshoeing",
    "rowing": "rowing", "virtual row": "rowing", "elliptical": "elliptical",
    "stair stepper": "stair_climbing", "weight training": "training", "workout": "training",
    "crossfit": "training", "yoga": "yoga", "rock climbing": "rock_climbing",
    # Spanish, French, German and Italian exports translate the type (best effort).
    "carrera": "running", "course à pied": "running", "lauf": "running", "corsa": "running",
    "bicicleta": "cycling", "vélo": "cycling", "radfahrt": "cycling", "pedalata": "cycling",
    "caminata": "walking", "marche": "walking", "spaziergang": "walking",
    "senderismo": "hiking", "randonnée": "hiking", "wanderung": "hiking",
    "natación": "swimming", "natation": "swimming", "schwimmen": "swimming",
}  # fmt: skip
"""Strava ``Activity Type`` → the project's sport names."""

_FOOT_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "walking", "hiking"})


def sport_of(activity_type: str) -> str | None:
    """The project's sport for a Strava type, or None if we do not know the type."""
    return SPORTS.get(activity_type.strip().lower())


@dataclass(frozen=True, slots=True)
class StravaRow:
    """One row of ``activities.csv``: what overrides the file's own values, and the raw cells."""

    row_number: int
    activity_id: str
    filename: str | None
    name: str | None
    activity_type: str | None
    gear: str | None
    rpe: float | None
    cells: tuple[str, ...]
    filename_column: int

    @property
    def content_sha256(self) -> str:
        """A stable hash of the row, so importing the same export twice finds the duplicate."""
        return hashlib.sha256("\x1f".join(("strava", *self.cells)).encode()).hexdigest()


def _cell(cells: tuple[str, ...] | list[str], index: int | None) -> str | None:
    if index is None or index >= len(cells) or is_missing(cells[index]):
        return None
    return cells[index].strip()


def _filename_column(header: list[str], rows: list[list[str]]) -> int | None:
    """The column whose cells name files under ``activities/`` (found by content)."""
    for index in range(len(header)):
        values = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
        if values and all(v.lower().startswith("activities/") for v in values):
            return index
    if len(header) > _FILENAME and not any(r[_FILENAME].strip() for r in rows if len(r) > 12):
        return _FILENAME  # an export of manual activities only: every file cell is empty
    return None


def read_activities_csv(data: bytes) -> list[StravaRow] | None:
    """The rows of a Strava ``activities.csv``, or None if the CSV is not one (by structure)."""
    rows = (row for _, row in non_empty_rows(data))
    header = next(rows, None)
    if header is None or len(header) < 8:
        return None
    # Stops at the first row that is not a Strava activity: no need to read the rest.
    body = at_most(itertools.takewhile(lambda r: r[_ID].strip().isdecimal(), rows), MAX_LIST_ROWS)
    if not body or next(rows, None) is not None:
        return None
    file_col = _filename_column(header, body)
    if file_col is None:
        return None
    lowered = [h.strip().lower() for h in header]
    gear_col = next((i for i, h in enumerate(lowered) if h in _GEAR_HEADERS), None)
    if gear_col is None and file_col == _FILENAME:
        gear_col = _GEAR
    full = len(header) >= _FULL_LAYOUT_COLUMNS
    result = []
    for number, cells in enumerate(body, start=2):
        rpe_text = _cell(cells, _PERCEIVED_EXERTION) if full else None
        try:
            rpe = parse_number(rpe_text) if rpe_text else None
        except ValueError:
            rpe = None
        result.append(
            StravaRow(
                row_number=number,
                activity_id=cells[_ID].strip(),
                filename=_cell(cells, file_col),
                name=_cell(cells, _NAME),
                activity_type=_cell(cells, _TYPE),
                gear=_cell(cells, gear_col),
                rpe=rpe,
                cells=tuple(cells),
                filename_column=file_col,
            )
        )
    return result


def apply_row(activity: ParsedActivity, row: StravaRow) -> ParsedActivity:
    """The activity read from a file, with the name, sport, gear and effort the runner gave it on
    Strava (the file itself often says only "Morning Run" and a generic sport). A file's more
    specific kind of running (treadmill, trail, track) is kept over Strava's plain "Run"."""
    sport = sport_of(row.activity_type) if row.activity_type else None
    if sport == "running" and is_running(activity.sport):
        sport = activity.sport  # the file knows treadmill, trail or track; Strava says "Run"
    return replace(
        activity,
        name=row.name or activity.name,
        sport=sport or activity.sport,
        gear=row.gear or activity.gear,
        rpe=row.rpe if row.rpe is not None else activity.rpe,
    )


def _optional(cells: tuple[str, ...], index: int, what: str) -> float | None:
    text = _cell(cells, index)
    if text is None:
        return None
    try:
        return parse_number(text)
    except ValueError as error:
        raise UnreadableFile(f"row {what}: {error}") from None


def activity_from_row(row: StravaRow, default_units: Units = Units.KM) -> ParsedActivity:
    """A Strava activity that has no file (entered by hand): the CSV's own totals, no streams.

    Uses the raw block (metres, seconds) when present; older, shorter exports only have the
    displayed distance, in the account's units (``default_units``).
    """
    cells = row.cells
    where = f"{row.row_number} (activity {row.activity_id})"
    date_text = _cell(cells, _DATE)
    if date_text is None:
        raise UnreadableFile(f"row {where}: no activity date")
    try:
        start = parse_loose_datetime(date_text).replace(tzinfo=UTC)
    except ValueError as error:
        raise UnreadableFile(f"row {where}: {error}") from None
    full = len(cells) >= _FULL_LAYOUT_COLUMNS
    sport = sport_of(row.activity_type or "") or "other"
    distance_m = _optional(cells, _DISTANCE_M, where) if full else None
    if distance_m is None:
        shown = _optional(cells, _DISTANCE_DISPLAY, where)
        distance_m = to_metres(shown, default_units) if shown is not None else None
    elapsed_s = _optional(cells, _ELAPSED_S, where) if full else None
    if elapsed_s is None:
        elapsed_s = _optional(cells, _ELAPSED_DISPLAY, where)
    cadence = _optional(cells, _AVG_CADENCE, where) if full else None
    summary = FileSummary(
        distance_m=distance_m,
        elapsed_s=elapsed_s,
        moving_s=_optional(cells, _MOVING_S, where) if full else None,
        elevation_gain_m=_optional(cells, _GAIN_M, where) if full else None,
        elevation_loss_m=_optional(cells, _LOSS_M, where) if full else None,
        avg_heart_rate_bpm=_optional(cells, _AVG_HR, where) if full else None,
        max_heart_rate_bpm=(
            _optional(cells, _MAX_HR, where) if full else _optional(cells, _MAX_HR_DISPLAY, where)
        ),
        # Strava counts running cadence per foot (strides/min); steps/min is twice that.
        avg_cadence_spm=cadence * 2 if cadence is not None and sport in _FOOT_SPORTS else None,
    )
    return ParsedActivity(
        start_utc=start,
        sport=sport,
        summary=summary,
        streams=None,
        name=row.name,
        gear=row.gear,
        rpe=row.rpe,
    )


_SHOE_HEADERS = ("shoe name", "shoe brand", "shoe model", "shoe default sport types")


def is_shoes_csv(header: list[str]) -> bool:
    """True for the header of Strava's ``shoes.csv`` (``Shoe Name, Shoe Brand, Shoe Model, Shoe
    Default Sport Types``, as public readers of real exports report it)."""
    lowered = [h.strip().lower() for h in header]
    return len(lowered) >= 3 and tuple(lowered[:3]) == _SHOE_HEADERS[:3]


def read_shoes_csv(data: bytes) -> list[Shoe] | None:
    """The pairs listed in a Strava ``shoes.csv``, or None if the CSV is not one.

    A shoe's name is its nickname (``Shoe Name``) when it has one, else ``<Brand> <Model>``: the
    name Strava's ``Activity Gear`` column gives runs in it. The default sport types become the
    shoe's default sports where they are ones we know (``Run`` → running). The CSV says nothing
    of drop, retirement or replacement distance: those stay unknown or at their defaults.
    """
    rows = non_empty_rows(data)
    first = next(rows, None)
    if first is None or not is_shoes_csv(first[1]):
        return None
    shoes = []
    for number, cells in at_most(rows, MAX_LIST_ROWS):
        padded = [*cells, "", "", "", ""]
        nickname, brand, model = (c.strip() or None for c in padded[:3])
        make = " ".join(p for p in (brand, model) if p) or None
        name = nickname or make
        if name is None:
            continue
        sports = tuple(
            dict.fromkeys(
                sport
                for part in padded[3].replace(";", ",").split(",")
                if (sport := sport_of(part)) is not None
            )
        )
        try:
            shoes.append(Shoe(name=name[:80], brand=brand, model=model, default_sports=sports))
        except ValueError as error:
            raise UnreadableFile(f"shoes.csv row {number}: {error}") from None
    return shoes
