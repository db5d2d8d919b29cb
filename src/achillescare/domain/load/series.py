"""Daily training series: a runner's runs laid out one value per local calendar day.

Every load signal (:mod:`achillescare.domain.load.table`) reads windows of days, so runs are first
summed per day in the runner's *local* date (a run at 00:30 after a DST change belongs to the
day the runner lived it); days without a run are zeros, never gaps (Williams et al. 2017 and the
``acwr`` package make the same choice). Several runners share one calendar grid, one row each, so
the researchers' batch API and the single-runner view run the same vectorised code.

A value the source does not know (a manual run has no uphill data, a CSV without ``rpe`` has no
session load) is NaN per run. It is never silently a zero in the metric series: the day is marked
missing and the signals over it say ``unknown`` (rule LOAD-8 in ``docs/clinical-rules.md``, a house rule).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TypedDict, TypeGuard, Unpack, get_args

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity.records import Activity
from achillescare.errors import InvalidInput

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Metric = Literal["distance", "duration", "load"]
"""What the distance-based signals may be computed on: metres, seconds or session load (AU)."""

METRICS: tuple[Metric, ...] = get_args(Metric)
"""Every :data:`Metric`, in the order the help texts list them."""


def is_metric(value: str) -> TypeGuard[Metric]:
    """Whether a name typed by a person (a CLI option, a CSV header) is a :data:`Metric`."""
    return value in METRICS


HARD_FAST_S = 5 * 60.0
"""A run with at least 5 minutes of fast running makes a hard day (house, from the article)."""
HARD_STRIDES = 4
"""A run with at least 4 strides or sprints makes a hard day (house)."""
HARD_UPHILL_M = 1000.0
"""A run with at least 1 km uphill (grade ≥ 4 %) makes a hard day (house)."""


@dataclass(frozen=True, slots=True)
class DailyGrid:
    """Runs of one or many runners summed per local day: arrays of shape (runners, days).

    Column 0 is ``first_day``; ``start[r]`` is the column of runner r's first day of history
    (their first run). Metric arrays (``distance_m``, ``duration_s``, ``load_au``) hold daily sums
    with missing runs counted as 0 and ``*_missing`` marking the days that had such a run;
    ``longest_*`` is the longest single run of the day, rounded to whole metres / seconds /
    RPE-seconds so that the single-run spike compares integers (LOAD-4).
    """

    first_day: date
    start: IntArray
    distance_m: FloatArray
    duration_s: FloatArray
    load_au: FloatArray
    duration_missing: BoolArray
    load_missing: BoolArray
    longest_m: FloatArray
    longest_s: FloatArray
    longest_rpe_s: FloatArray
    runs: IntArray
    uphill_m: FloatArray
    fast_s: FloatArray
    strides: FloatArray
    uphill_known: BoolArray
    fast_known: BoolArray
    intensity_known: BoolArray
    hard: BoolArray
    prevention: FloatArray | None = None

    @property
    def n_days(self) -> int:
        return int(self.distance_m.shape[1])

    def metric(self, metric: Metric) -> tuple[FloatArray, BoolArray, FloatArray]:
        """Daily sums, missing-day mask and per-day longest run (integer units) of ``metric``."""
        if metric == "distance":
            return self.distance_m, np.zeros_like(self.hard), self.longest_m
        if metric == "duration":
            return self.duration_s, self.duration_missing, self.longest_s
        if metric == "load":
            return self.load_au, self.load_missing, self.longest_rpe_s
        raise InvalidInput(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")


def _as_float(values: npt.ArrayLike | None, n: int) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    return np.asarray(values, dtype=np.float64).reshape(n)


class RunColumns(TypedDict, total=False):
    """The optional per-run arrays (one element per run; NaN = unknown) beside runner, day and
    distance: duration (s), uphill (m), fast running (s), strides, session RPE (Borg CR-10), and
    prevention sessions as their own (runner, day) pairs."""

    duration_s: npt.ArrayLike | None
    uphill_m: npt.ArrayLike | None
    fast_s: npt.ArrayLike | None
    strides: npt.ArrayLike | None
    rpe: npt.ArrayLike | None
    prevention_runner: npt.ArrayLike | None
    prevention_day: npt.ArrayLike | None


def build_grid(
    runner: npt.ArrayLike,
    day: npt.ArrayLike,
    distance_m: npt.ArrayLike,
    *,
    n_runners: int | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    **columns: Unpack[RunColumns],
) -> DailyGrid:
    """Lay per-run arrays (one element per run; NaN = unknown) on a (runners, days) grid.

    ``runner`` is a 0-based runner index, ``day`` the run's local date (``datetime64[D]`` or
    ``date``). The calendar runs from ``first_day`` (default: the earliest run) to ``last_day``
    (default: the latest run); runs outside it are dropped. Prevention sessions are optional
    (``prevention_runner``/``prevention_day``): without them the grid's ``prevention`` is None.
    """
    runner_idx = np.asarray(runner, dtype=np.int64).ravel()
    days = np.asarray(day, dtype="datetime64[D]").ravel()
    n = runner_idx.size
    dist = _as_float(distance_m, n)
    if days.size != n:
        raise InvalidInput(f"{n} runners but {days.size} dates: give one per run")
    if n and (np.any(runner_idx < 0) or np.any(~np.isfinite(dist)) or np.any(dist < 0)):
        raise InvalidInput("runner indices and distances must be non-negative numbers")
    n_r = int(n_runners if n_runners is not None else (runner_idx.max() + 1 if n else 1))
    lo = np.datetime64(first_day, "D") if first_day else (days.min() if n else None)
    hi = np.datetime64(last_day, "D") if last_day else (days.max() if n else lo)
    if lo is None or hi is None:
        raise InvalidInput("an empty history needs first_day")
    n_days = max(int((hi - lo).astype(np.int64)) + 1, 1)
    col = (days - lo).astype(np.int64)
    keep = (col >= 0) & (col < n_days) & (runner_idx < n_r)
    col, runner_idx, dist = col[keep], runner_idx[keep], dist[keep]
    dur = _as_float(columns.get("duration_s"), n)[keep]
    up = _as_float(columns.get("uphill_m"), n)[keep]
    fast = _as_float(columns.get("fast_s"), n)[keep]
    strd = _as_float(columns.get("strides"), n)[keep]
    load = dur * _as_float(columns.get("rpe"), n)[keep] / 60.0
    cell = runner_idx * n_days + col
    size = n_r * n_days
    shape = (n_r, n_days)

    def total(values: FloatArray) -> FloatArray:
        summed = np.bincount(cell, np.nan_to_num(values), minlength=size)
        return np.asarray(summed, dtype=np.float64).reshape(shape)

    def anyof(mask: BoolArray) -> BoolArray:
        return np.bincount(cell, mask, minlength=size).reshape(shape) > 0

    def longest(values: FloatArray) -> FloatArray:
        out = np.zeros(size)
        np.maximum.at(out, cell, np.rint(np.nan_to_num(values)))
        return out.reshape(shape)

    hard_run = (
        (np.nan_to_num(fast) >= HARD_FAST_S)
        | (np.nan_to_num(strd) >= HARD_STRIDES)
        | (np.nan_to_num(up) >= HARD_UPHILL_M)
    )
    start = np.full(n_r, n_days - 1, dtype=np.int64)
    np.minimum.at(start, runner_idx, col)
    prevention: FloatArray | None = None
    prevention_runner, prevention_day = (
        columns.get("prevention_runner"),
        columns.get("prevention_day"),
    )
    if prevention_runner is not None and prevention_day is not None:
        p_runner = np.asarray(prevention_runner, dtype=np.int64).ravel()
        p_col = (np.asarray(prevention_day, dtype="datetime64[D]").ravel() - lo).astype(np.int64)
        p_keep = (p_col >= 0) & (p_col < n_days) & (p_runner >= 0) & (p_runner < n_r)
        p_cell = p_runner[p_keep] * n_days + p_col[p_keep]
        prevention = np.bincount(p_cell, minlength=size).astype(np.float64).reshape(shape)
    return DailyGrid(
        first_day=lo.astype(date),
        start=start,
        distance_m=total(dist),
        duration_s=total(dur),
        load_au=total(load),
        duration_missing=anyof(np.isnan(dur)),
        load_missing=anyof(np.isnan(load)),
        longest_m=longest(dist),
        longest_s=longest(dur),
        longest_rpe_s=longest(load * 60.0),
        runs=np.bincount(cell, minlength=size).astype(np.int64).reshape(shape),
        uphill_m=total(up),
        fast_s=total(fast),
        strides=total(strd),
        uphill_known=anyof(~np.isnan(up)),
        fast_known=anyof(~np.isnan(fast)),
        intensity_known=anyof(~(np.isnan(up) & np.isnan(fast) & np.isnan(strd))),
        hard=anyof(hard_run),
        prevention=prevention,
    )


@dataclass(frozen=True, slots=True)
class DailySeries:
    """One runner's daily series up to ``end``; ``start`` is the day of their first run.

    The arrays are those of a one-row :class:`DailyGrid`, one value per day of :attr:`dates`
    (which begin earlier than ``start`` when a prevention session was logged before the first
    run); ``runs == 0`` on days without a run. An empty history (no runs) has ``grid`` None.
    """

    grid: DailyGrid | None
    end: date

    @property
    def start(self) -> date | None:
        """The day of the first run."""
        if self.grid is None:
            return None
        return self.grid.first_day + timedelta(days=int(self.grid.start[0]))

    @property
    def dates(self) -> list[date]:
        if self.grid is None:
            return []
        return [self.grid.first_day + timedelta(days=i) for i in range(self.grid.n_days)]

    def _row(self, name: str) -> FloatArray:
        if self.grid is None:
            return np.zeros(0)
        values: FloatArray = getattr(self.grid, name)[0].astype(np.float64)
        return values

    @property
    def distance_m(self) -> FloatArray:
        return self._row("distance_m")

    @property
    def duration_s(self) -> FloatArray:
        return self._row("duration_s")

    @property
    def load_au(self) -> FloatArray:
        return self._row("load_au")

    @property
    def uphill_m(self) -> FloatArray:
        return self._row("uphill_m")

    @property
    def fast_s(self) -> FloatArray:
        return self._row("fast_s")

    @property
    def strides(self) -> FloatArray:
        return self._row("strides")

    @property
    def runs(self) -> FloatArray:
        return self._row("runs")

    @property
    def prevention_sessions(self) -> FloatArray | None:
        if self.grid is None or self.grid.prevention is None:
            return None
        row: FloatArray = self.grid.prevention[0]
        return row


def series_from_columns(
    days: Sequence[date],
    columns: dict[str, list[float]],
    prevention_days: Sequence[date] | None,
    end: date | None,
) -> DailySeries:
    if not days:
        return DailySeries(grid=None, end=end or date.min)
    last = max(days) if end is None else end
    every_day = [*days, *(prevention_days or ())]
    grid = build_grid(
        np.zeros(len(days), dtype=np.int64),
        np.array(days, dtype="datetime64[D]"),
        columns["distance_m"],
        n_runners=1,
        duration_s=columns["duration_s"],
        uphill_m=columns["uphill_m"],
        fast_s=columns["fast_s"],
        strides=columns["strides"],
        rpe=columns["rpe"],
        prevention_runner=None if prevention_days is None else np.zeros(len(prevention_days)),
        prevention_day=None
        if prevention_days is None
        else np.array(prevention_days, dtype="datetime64[D]"),
        first_day=min(every_day),
        last_day=max(last, *every_day),
    )
    return DailySeries(grid=grid, end=last)


def nan_if_none(value: float | None) -> float:
    return math.nan if value is None else float(value)


def daily_series_from_activities(
    activities: Iterable[Activity],
    *,
    prevention_days: Sequence[date] | None = None,
    end: date | None = None,
) -> DailySeries:
    """Runs only, and only those the runner did not leave out (:attr:`Activity.counts_for_load`),
    by ``start_local`` date; duration is moving time.

    Moving time (falling back to elapsed time) is the session duration: a watch paused at traffic
    lights should not add load. ``prevention_days`` lists the dates of logged prevention/strength
    sessions; None means they cannot be logged yet (the signal is then ``unknown``).
    """
    runs = [a for a in activities if a.counts_for_load]
    columns: dict[str, list[float]] = {
        k: [] for k in ("distance_m", "duration_s", "uphill_m", "fast_s", "strides", "rpe")
    }
    for a in runs:
        columns["distance_m"].append(a.distance_m)
        columns["duration_s"].append(a.moving_s if a.moving_s > 0 else a.duration_s)
        columns["uphill_m"].append(nan_if_none(a.uphill_m))
        columns["fast_s"].append(nan_if_none(a.fast_s))
        columns["strides"].append(nan_if_none(a.strides))
        columns["rpe"].append(nan_if_none(a.rpe))
    days = [a.start_local.date() for a in runs]
    return series_from_columns(days, columns, prevention_days, end)


__all__ = [
    "METRICS",
    "DailyGrid",
    "DailySeries",
    "Metric",
    "RunColumns",
    "build_grid",
    "daily_series_from_activities",
    "is_metric",
    "series_from_columns",
]
