"""Load signals for a runner in the store, or for a CSV of runs with no database at all.

Both paths end in the same :class:`LoadReport` (the JSON shape of ``achilles load --json``), built by the pure
functions of :mod:`achillescare.domain.load.table`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from achillescare.domain.activity.records import Activity
from achillescare.domain.load.series import is_metric
from achillescare.domain.load.signal import Signal
from achillescare.domain.load.table import (
    METRICS,
    DailySeries,
    Metric,
    WeekSummary,
    daily_series_from_activities,
    daily_series_from_entries,
    run_entries_from_dicts,
    signals_as_of,
    weekly_summary,
)
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import programs as programs_repo

CSV_REQUIRED = ("date", "distance_km")
CSV_OPTIONAL = ("duration_min", "uphill_km", "fast_min", "strides", "rpe")


@dataclass(frozen=True, slots=True)
class LoadReport:
    """Signals as of a date and the weekly table before it, in the runner's units."""

    as_of: date
    units: Units
    metric: Metric
    signals: list[Signal]
    weeks: list[WeekSummary]
    runner: str | None = None

    def to_json(self) -> dict[str, object]:
        """The JSON contract of ``achilles load --json``."""
        return {
            "as_of": self.as_of.isoformat(),
            "units": self.units.value,
            "signals": [signal.to_json() for signal in self.signals],
            "weeks": [week.to_json(self.units) for week in self.weeks],
        }


def _check(metric: str, weeks: int) -> Metric:
    """The metric a person typed, checked along with the number of weeks."""
    if not is_metric(metric):
        raise InvalidInput(f"--metric must be one of {', '.join(METRICS)}, not {metric!r}")
    if not 1 <= weeks <= 520:
        raise InvalidInput("--weeks must be between 1 and 520")
    return metric


def report_for_series(
    series: DailySeries, as_of: date, *, units: Units, weeks: int = 8, metric: str = "distance"
) -> LoadReport:
    """The report of a daily series (what both entry points below end in)."""
    checked = _check(metric, weeks)
    return LoadReport(
        as_of=as_of,
        units=units,
        metric=checked,
        signals=signals_as_of(series, as_of, units=units, metric=checked),
        weeks=weekly_summary(series, as_of, weeks),
    )


def prevention_days(store: Store, runner: Runner) -> list[date]:
    """Dates with a logged prevention session: what ``prevention_sessions_14d`` counts."""
    with store.session() as session:
        entries = programs_repo.list_adherence(session, runner.id, None, None)
    return sorted({entry.done_on for entry in entries if entry.kind == "prevention"})


def runner_series(
    store: Store, runner: Runner, day: date, activities: list[Activity] | None = None
) -> DailySeries:
    """The runner's daily series up to ``day``: stored runs plus logged prevention sessions.

    The EWMA needs the history from the first run, so all of it is read (a few thousand rows
    at most) unless the caller already holds it. The load report, the daily decision (through
    :mod:`achillescare.services.training`'s cache) and the program all start from this."""
    if activities is None:
        activities = list_activities(store, runner, until=day)
    return daily_series_from_activities(
        activities, prevention_days=prevention_days(store, runner), end=day
    )


def load_report(
    store: Store,
    runner: Runner,
    *,
    as_of: date | None = None,
    weeks: int = 8,
    metric: str = "distance",
) -> LoadReport:
    """The runner's signals as of ``as_of`` (default: today) from their stored runs."""
    _check(metric, weeks)
    day = as_of or runner_today(runner)
    series = runner_series(store, runner, day)
    report = report_for_series(series, day, units=runner.units, weeks=weeks, metric=metric)
    return LoadReport(
        report.as_of, report.units, report.metric, report.signals, report.weeks, runner.name
    )


def read_runs_csv(path: Path) -> DailySeries:
    """A CSV of runs (columns ``date``, ``distance_km``; optional ``duration_min``,
    ``uphill_km``, ``fast_min``, ``strides``, ``rpe``; several rows a day allowed).

    Raises :class:`InvalidInput` naming the file and the row (line number) on any bad value.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [name for name in CSV_REQUIRED if name not in header]
            if missing:
                raise InvalidInput(
                    f"{path.name}: missing column {', '.join(missing)} (needs date, distance_km; "
                    f"optional {', '.join(CSV_OPTIONAL)})"
                )
            rows = []
            for line, row in enumerate(reader, start=2):
                if None in row:
                    raise InvalidInput(f"{path.name} row {line}: more values than columns")
                rows.append(row)
            entries = run_entries_from_dicts(rows, first_row=2)
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not a UTF-8 text file") from None
    except ValueError as error:
        raise InvalidInput(f"{path.name} {error}") from None
    return daily_series_from_entries(entries)


def csv_report(
    path: Path,
    *,
    as_of: date | None = None,
    weeks: int = 8,
    metric: str = "distance",
    units: Units = Units.KM,
) -> LoadReport:
    """Signals of a CSV of runs as of ``as_of`` (default: the day of the last run)."""
    _check(metric, weeks)
    series = read_runs_csv(path)
    day = as_of or (series.end if series.grid is not None else datetime.now(UTC).date())
    return report_for_series(series, day, units=units, weeks=weeks, metric=metric)


__all__ = [
    "LoadReport",
    "csv_report",
    "load_report",
    "read_runs_csv",
    "report_for_series",
]
