"""Runs written down by hand: a plain CSV of runs, or Garmin Connect's old activity-list CSV.

The plain CSV is for runners without watch files. Its header names the columns (any order, any
case): ``date`` or ``start`` (ISO 8601: ``2024-05-01``, ``2024-05-01 07:30``, with an optional
UTC offset), ``distance_km``, ``distance_mi`` or ``distance`` (in the runner's units),
``duration`` (``h:mm:ss``, ``mm:ss`` or minutes), and optionally ``elevation_gain_m``, ``name``,
``sport`` (default running), ``avg_hr_bpm``, ``rpe``, ``gear``. A time without an offset is taken
as UTC with the offset unknown; a date alone as noon, so the run stays on the date written.

Garmin Connect's old list export (before account exports existed) is recognised by its
``Favorit``/``Favorite`` first column: a title line, localised headers and dates
(``Fr, 25 Mai 2012 20:31``, local wall-clock time), decimal commas in German, ``--`` for none.
Its distance unit is not written in the file; the runner's units are assumed.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from achillescare.domain.activity.records import FileSummary, ParsedActivity
from achillescare.domain.units import Units, to_metres
from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.tabular import (
    at_most,
    is_missing,
    non_empty_rows,
    parse_duration,
    parse_loose_datetime,
    parse_number,
)
from achillescare.importers.limits import MAX_LIST_ROWS

_DATE_KEYS = ("start", "date", "start_time", "started_at", "datetime")
_SPORTS = {
    "run": "running", "running": "running", "laufen": "running", "lauf": "running",
    "course à pied": "running", "carrera": "running", "corsa": "running",
    "trail": "trail_running", "trail_running": "trail_running", "trail run": "trail_running",
    "trailrunning": "trail_running", "treadmill": "treadmill_running",
    "treadmill_running": "treadmill_running", "laufband": "treadmill_running",
    "track": "track_running", "track_running": "track_running", "bahnlauf": "track_running",
    "cycling": "cycling", "radfahren": "cycling", "ride": "cycling", "walking": "walking",
    "walk": "walking", "gehen": "walking", "hiking": "hiking", "hike": "hiking",
    "wandern": "hiking", "swimming": "swimming", "schwimmen": "swimming",
}  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class RunsTable:
    """A recognised list of runs: its kind and one parser call per data row."""

    source_kind: str
    """``runs_csv`` or ``garmin_connect_csv``."""
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    """(row number as a spreadsheet shows it, cells)."""
    parse_row: Callable[[int, tuple[str, ...]], ParsedActivity]
    """Raises UnreadableFile("row 7: distance 'abc' is not a number")."""

    def row_sha256(self, cells: tuple[str, ...]) -> str:
        """A stable hash of one row: re-importing the same CSV finds its runs again."""
        return hashlib.sha256("\x1f".join((self.source_kind, *cells)).encode()).hexdigest()


def _sport(text: str | None) -> str:
    if text is None:
        return "running"
    return _SPORTS.get(text.strip().lower(), "other")


def _key(header: str) -> str:
    return re.sub(r"[\s\-()]+", "_", header.strip().lower()).strip("_")


def read_runs_table(data: bytes, *, default_units: Units = Units.KM) -> RunsTable | None:
    """The runs of a plain or Garmin Connect CSV, or None if the CSV is neither.

    Raises UnreadableFile when the CSV is clearly meant as a list of runs but lacks a column.
    """
    rows = ((line, tuple(r)) for line, r in non_empty_rows(data))
    head = list(itertools.islice(rows, 5))  # the header is checked before the rest is read
    for index, (_, row) in enumerate(head):
        if row and row[0].strip().lower() in ("favorit", "favorite", "favori", "favorito"):
            body = at_most(itertools.chain(head[index + 1 :], rows), MAX_LIST_ROWS)
            return _garmin_connect_table(list(row), tuple(body), default_units)
    if not head:
        return None
    keys = [_key(h) for h in head[0][1]]
    date_col = next((keys.index(k) for k in _DATE_KEYS if k in keys), None)
    distance = next(
        ((keys.index(k), u) for k, u in (("distance_km", Units.KM), ("distance_mi", Units.MI),
                                         ("distance", default_units)) if k in keys),
        None,
    )  # fmt: skip
    if date_col is None or distance is None:
        return None
    if "duration" not in keys:
        raise UnreadableFile("a CSV of runs needs a 'duration' column (h:mm:ss or minutes)")
    columns = {k: i for i, k in reversed(list(enumerate(keys)))}
    distance_col, units = distance

    def parse_row(number: int, cells: tuple[str, ...]) -> ParsedActivity:
        def cell(key: str) -> str | None:
            index = columns.get(key)
            if index is None or index >= len(cells) or is_missing(cells[index]):
                return None
            return cells[index].strip()

        def number_of(key: str, what: str) -> float | None:
            text = cell(key)
            try:
                return None if text is None else parse_number(text)
            except ValueError as error:
                raise UnreadableFile(f"row {number}: {what} {error}") from None

        date_text = cells[date_col].strip() if date_col < len(cells) else ""
        start, offset = _iso_start(number, date_text)
        distance_text = cells[distance_col].strip() if distance_col < len(cells) else ""
        if not distance_text:
            raise UnreadableFile(f"row {number}: no distance")
        try:
            distance_m = to_metres(parse_number(distance_text), units)
        except ValueError as error:
            raise UnreadableFile(f"row {number}: distance {error}") from None
        duration_s = _duration(number, cell("duration"))
        if distance_m < 0:
            raise UnreadableFile(f"row {number}: distance {distance_text!r} is negative")
        summary = FileSummary(
            distance_m=distance_m,
            elapsed_s=duration_s,
            moving_s=duration_s,
            elevation_gain_m=number_of("elevation_gain_m", "elevation gain"),
            avg_heart_rate_bpm=number_of("avg_hr_bpm", "average heart rate"),
        )
        return ParsedActivity(
            start_utc=start,
            sport=_sport(cell("sport")),
            summary=summary,
            utc_offset_s=offset,
            name=cell("name"),
            gear=cell("gear"),
            rpe=number_of("rpe", "RPE"),
        )

    body = at_most(itertools.chain(head[1:], rows), MAX_LIST_ROWS)
    return RunsTable("runs_csv", tuple(body), parse_row)


def _iso_start(number: int, text: str) -> tuple[datetime, int | None]:
    if not text:
        raise UnreadableFile(f"row {number}: no date")
    try:
        if _ISO_DATE.fullmatch(text):
            return datetime.combine(datetime.fromisoformat(text).date(), time(12), UTC), None
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UnreadableFile(
            f"row {number}: date {text!r} is not a date: write YYYY-MM-DD or YYYY-MM-DD HH:MM"
        ) from None
    offset = moment.utcoffset()
    if offset is None:
        return moment.replace(tzinfo=UTC), None
    try:
        return moment.astimezone(UTC), int(offset.total_seconds())
    except OverflowError:  # 0001-01-01T00:00+02:00 is in year 0 in UTC
        raise UnreadableFile(f"row {number}: date {text!r} is outside the years 1–9999") from None


def _duration(number: int, text: str | None) -> float:
    if text is None:
        raise UnreadableFile(f"row {number}: no duration")
    try:
        seconds = parse_duration(text)
    except ValueError as error:
        raise UnreadableFile(f"row {number}: duration {error}") from None
    if seconds <= 0:
        raise UnreadableFile(f"row {number}: duration {text!r} must be more than zero")
    return seconds


def _garmin_connect_table(
    header: list[str], body: tuple[tuple[int, tuple[str, ...]], ...], units: Units
) -> RunsTable:
    """Columns by position: 1 name, 2 type, 4 start, 5 time, 6 distance, 7 gain, 10/11 HR."""
    if len(header) < 12:
        raise UnreadableFile("an old Garmin Connect CSV with fewer columns than expected")
    decimal_comma = header[0].strip().lower() == "favorit"

    def parse_row(number: int, cells: tuple[str, ...]) -> ParsedActivity:
        def value(index: int, what: str) -> float | None:
            if index >= len(cells) or is_missing(cells[index]):
                return None
            try:
                return parse_number(cells[index], decimal_comma=decimal_comma)
            except ValueError as error:
                raise UnreadableFile(f"row {number}: {what} {error}") from None

        try:
            start = parse_loose_datetime(cells[4]).replace(tzinfo=UTC)
        except (ValueError, IndexError):
            raise UnreadableFile(f"row {number}: no readable start date") from None
        distance = value(6, "distance")
        duration_s = _duration(number, None if is_missing(cells[5]) else cells[5])
        name = cells[1].strip()
        return ParsedActivity(
            start_utc=start,
            sport=_sport(cells[2]),
            summary=FileSummary(
                distance_m=None if distance is None else to_metres(distance, units),
                elapsed_s=duration_s,
                moving_s=duration_s,
                elevation_gain_m=value(7, "elevation gain"),
                avg_heart_rate_bpm=value(10, "average heart rate"),
                max_heart_rate_bpm=value(11, "maximum heart rate"),
            ),
            name=name or None,
            warnings=(
                "start time is the local time Garmin Connect wrote; its UTC offset is unknown",
            ),
        )

    return RunsTable("garmin_connect_csv", body, parse_row)


def parse_runs_csv(data: bytes, *, default_units: Units = Units.KM) -> list[ParsedActivity]:
    """Every run of a plain (or old Garmin Connect) CSV; raises UnreadableFile at the first bad
    row, naming it (``row 7: distance 'abc' is not a number``), or if the CSV is not a list of
    runs. The importer itself reads row by row, so one bad row does not stop the others."""
    table = read_runs_table(data, default_units=default_units)
    if table is None:
        raise UnreadableFile(
            "not a list of runs: the header needs 'date' (or 'start'), 'distance_km' "
            "(or 'distance_mi') and 'duration' columns"
        )
    return [table.parse_row(number, cells) for number, cells in table.rows]
