"""The run features compared: each a yes/no exposure of a run day, with its house threshold.

Every threshold is a :class:`~achillescare.domain.evidence.rules.Rule` in
:mod:`achillescare.domain.insights.associations`; none is a published cut-off. A day's figures
are the sum over its runs (distance, uphill metres, fast minutes, strides) or the longest run's
(surface, shoe, drop); a new pair on any run of the day makes it a new-pair day. An exposure
is NaN — left out of that comparison — on a day whose figure is unknown, and on days without a
run (every comparison is between mornings after runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

import numpy as np

from achillescare.domain.insights.inputs import InsightInput
from achillescare.domain.insights.stats import FloatArray

LONG_RUN_RATIO = 1.3
"""A long run is at least this many times the median run of the previous 28 days."""
LONG_RUN_WINDOW_DAYS = 28
LONG_RUN_MIN_RUNS = 3
"""Runs needed in the window before "usual" means anything."""
UPHILL_M = 150.0
"""Metres run uphill (grade ≥ 4 %, as ACT-UPHILL counts them) that make a hilly run."""
FAST_MIN = 5.0
"""Minutes above the runner's fast threshold that make a fast run."""
STRIDES_MIN = 4
"""Strides or sprints (bouts of ≥ 10 s above the fast threshold) that make a strides run."""
NEW_SHOE_M = 50_000.0
"""A pair's first 50 km."""
DROP_CHANGE_MM = 4.0
"""A drop differing by this much from the previous run's shoe is a change of drop."""


@dataclass(frozen=True, slots=True)
class Exposure:
    """One feature on the day grid: 1 exposed, 0 not, NaN left out."""

    feature: str
    values: FloatArray
    adjust_for_distance: bool


@dataclass(frozen=True, slots=True)
class DayGrid:
    """The runner's days from the first to the last run or morning, one slot per day."""

    first_day: date
    ran: FloatArray
    distance_m: FloatArray
    pain: FloatArray
    stiffness_min: FloatArray

    @property
    def n_days(self) -> int:
        return int(self.ran.size)

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)


def _nan(n: int) -> FloatArray:
    return np.full(n, np.nan)


def _sum_known(target: FloatArray, index: int, value: float | None) -> None:
    if value is None:
        return
    target[index] = value if np.isnan(target[index]) else target[index] + value


def build(data: InsightInput) -> tuple[DayGrid, list[Exposure]]:
    """The day grid and every exposure the data can support (a categorical feature — surface,
    shoe model — gives one exposure per value seen, compared with the runner's other values)."""
    days = [run.date for run in data.runs] + [m.date for m in data.mornings]
    if not days:
        empty = np.zeros(0)
        return DayGrid(date.min, empty, empty, empty, empty), []
    first, last = min(days), max(days)
    n = (last - first).days + 1
    ran = np.zeros(n)
    distance = np.zeros(n)
    longest = np.zeros(n)
    uphill, fast, strides = _nan(n), _nan(n), _nan(n)
    new_shoe = _nan(n)
    surface: list[str | None] = [None] * n
    shoe: list[str | None] = [None] * n
    drop = _nan(n)
    for run in sorted(data.runs, key=lambda r: r.date):
        i = (run.date - first).days
        ran[i] = 1.0
        distance[i] += run.distance_m
        _sum_known(uphill, i, run.uphill_m)
        _sum_known(fast, i, None if run.fast_s is None else run.fast_s / 60.0)
        _sum_known(strides, i, None if run.strides is None else float(run.strides))
        if run.shoe_distance_before_m is not None:
            is_new = 1.0 if run.shoe_distance_before_m < NEW_SHOE_M else 0.0
            new_shoe[i] = is_new if np.isnan(new_shoe[i]) else max(new_shoe[i], is_new)
        if run.distance_m >= longest[i]:
            longest[i] = run.distance_m
            surface[i] = run.surface or surface[i]
            shoe[i] = run.shoe or shoe[i]
            if run.shoe_drop_mm is not None:
                drop[i] = run.shoe_drop_mm
    pain, stiffness = _nan(n), _nan(n)
    for morning in data.mornings:
        i = (morning.date - first).days
        if morning.pain is not None:
            pain[i] = morning.pain
        if morning.stiffness_min is not None:
            stiffness[i] = morning.stiffness_min
    grid = DayGrid(first, ran, distance, pain, stiffness)
    run_day = ran > 0
    exposures = [
        Exposure("long_run", _long_runs(longest, run_day), False),
        Exposure("uphill", _over(uphill, UPHILL_M, run_day), True),
        Exposure("fast", _over(fast, FAST_MIN, run_day), True),
        Exposure("strides", _over(strides, float(STRIDES_MIN), run_day), True),
        Exposure("back_to_back", _back_to_back(run_day), True),
    ]
    exposures += _categories("surface", surface, run_day)
    exposures += _categories("shoe", shoe, run_day)
    exposures.append(Exposure("new_shoe", np.where(run_day, new_shoe, np.nan), True))
    exposures.append(Exposure("drop_change", _drop_changes(drop, run_day), True))
    prevention = np.zeros(n)
    for day in data.prevention_days:
        if first <= day <= last:
            prevention[(day - first).days] = 1.0
    if data.prevention_days:
        exposures.append(
            Exposure("no_prevention", np.where(run_day, 1.0 - prevention, np.nan), True)
        )
    return grid, exposures


def _over(values: FloatArray, threshold: float, run_day: np.ndarray) -> FloatArray:
    known = run_day & ~np.isnan(values)
    out = _nan(values.size)
    out[known] = (values[known] >= threshold).astype(float)
    return out


def _long_runs(longest: FloatArray, run_day: np.ndarray) -> FloatArray:
    """1 when the day's longest run is ≥ 1.3 × the median run of the 28 days before it."""
    out = _nan(longest.size)
    run_index = [int(i) for i in np.flatnonzero(run_day)]
    lengths = [float(longest[i]) for i in run_index]
    first = 0  # the first run inside the window (plain lists: a NumPy median per run costs more)
    for position, i in enumerate(run_index):
        while run_index[first] < i - LONG_RUN_WINDOW_DAYS:
            first += 1
        if position - first >= LONG_RUN_MIN_RUNS:
            usual = median(lengths[first:position])
            out[i] = 1.0 if lengths[position] >= LONG_RUN_RATIO * usual else 0.0
    return out


def _back_to_back(run_day: np.ndarray) -> FloatArray:
    before = np.concatenate(([False], run_day[:-1]))
    out = _nan(run_day.size)
    out[run_day] = before[run_day].astype(float)
    return out


def _categories(kind: str, values: list[str | None], run_day: np.ndarray) -> list[Exposure]:
    """One exposure per value when at least two values are known: this one against the others."""
    seen = sorted({v for v, r in zip(values, run_day, strict=True) if r and v is not None})
    if len(seen) < 2:
        return []
    out: list[Exposure] = []
    for value in seen:
        column = np.array(
            [
                np.nan if not r or v is None else float(v == value)
                for v, r in zip(values, run_day, strict=True)
            ]
        )
        out.append(Exposure(f"{kind}:{value}", column, True))
    return out


def _drop_changes(drop: FloatArray, run_day: np.ndarray) -> FloatArray:
    """1 when the drop differs by ≥ 4 mm from the previous run's with a known drop."""
    out = _nan(drop.size)
    previous: float | None = None
    for i in np.flatnonzero(run_day & ~np.isnan(drop)):
        if previous is not None:
            out[i] = 1.0 if abs(drop[i] - previous) >= DROP_CHANGE_MM else 0.0
        previous = float(drop[i])
    return out
