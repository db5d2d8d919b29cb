"""The load formulas, vectorised over runners and days: one (runners, days) array per quantity.

The data flows one way: :class:`_Inputs` (the metric's daily sums and windowed sums of masks)
→ :class:`Parts` (the windowed loads every formula and explanation reads) → one
:class:`SignalArrays` per signal; :func:`compute` returns both as a :class:`LoadArrays`.

Rolling sums are differences of cumulative sums (a window of rest days is then exactly 0.0, so
"B = 0" tests are exact); rolling maxima use a doubling table (log₂ w operations); the EWMA is a
loop over days vectorised across runners. Each formula is documented with its
rule in ``docs/clinical-rules.md``; rule ids and sources live in :mod:`achillescare.domain.load.table` (``RULES``).

Statuses are small integers here (``STATUSES[code]`` is the name, see
:mod:`achillescare.domain.load.signal`) so a table of a million runner-days stays a few
megabytes; NaN values mean "null".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from achillescare.domain.load.series import BoolArray, DailyGrid, FloatArray, IntArray, Metric
from achillescare.domain.load.signal import STATUSES

StatusArray = npt.NDArray[np.int8]
"""Status codes: ``STATUSES[code]`` is the status."""

OK, LOW, CAUTION, HIGH, INSUFFICIENT, UNKNOWN = range(len(STATUSES))
"""The codes of :data:`STATUSES`, in its order; the bands below add codes and rely on it."""

SIGNAL_IDS: tuple[str, ...] = (
    "weekly_distance_change",
    "single_run_spike",
    "acwr_rolling",
    "acwr_uncoupled",
    "acwr_ewma",
    "monotony",
    "strain",
    "days_without_rest",
    "hard_days_back_to_back",
    "hill_load_ratio",
    "fast_load_ratio",
    "prevention_sessions_14d",
)

WEEKLY_CHANGE_PCT = (10.0, 30.0)
"""ok ≤ 10 %, caution ≤ 30 %, high above (Nielsen et al. 2014)."""
SPIKE_PCT = (110, 130)
"""ok ≤ 110 % of the 30-day longest run, caution ≤ 130 %, high above (Frandsen et al. 2025)."""
SPIKE_LOOKBACK_DAYS = 30
ACWR_BANDS = (0.8, 1.3, 1.5)
"""low < 0.8, ok ≤ 1.3, caution ≤ 1.5, high above (Gabbett 2016)."""
EWMA_SPANS = (7, 28)
"""N of the acute and chronic EWMA, λ = 2/(N+1) (Williams et al. 2017)."""
MIN_CHRONIC_WEEKLY: dict[Metric, float] = {"distance": 5000.0, "duration": 30 * 60.0, "load": 150.0}
"""Below this chronic weekly load (5 km; 30 min; 150 AU) an ACWR is not shown (house)."""
MONOTONY_BANDS = (1.5, 2.0)
"""ok ≤ 1.5, caution ≤ 2.0, high above (house cuts; Foster 1998 gives the formula, not the cuts)."""
STREAK_DAYS = (7, 14)
"""Consecutive running days: caution from 7, high from 14 (house)."""
HARD_PAIRS = (1, 2)
"""Back-to-back hard days in 14 days: caution from 1 pair, high from 2 (house, the article)."""

_REL_TOL = 1e-9
"""Band edges are inclusive on the lower side; a value within 1e-9 of an edge is on the edge."""


def _gt(values: FloatArray, edge: float) -> BoolArray:
    return values > edge + _REL_TOL * max(1.0, abs(edge))


def _lt(values: FloatArray, edge: float) -> BoolArray:
    return values < edge - _REL_TOL * max(1.0, abs(edge))


def _shift(values: FloatArray, k: int, fill: float) -> FloatArray:
    """``out[:, d] = values[:, d - k]``; ``fill`` before the first day."""
    if k == 0:
        return values
    out = np.empty_like(values)
    k = min(k, values.shape[1])
    out[:, :k] = fill
    out[:, k:] = values[:, : values.shape[1] - k]
    return out


def _rolling_max(values: FloatArray, width: int, fill: float) -> FloatArray:
    """Maximum over days ``d - width + 1 … d`` in O(log width) array operations."""
    out: FloatArray = values
    span = 1
    while span * 2 <= width:
        out = np.maximum(out, _shift(out, span, fill))
        span *= 2
    # the two overlapping spans [d - width + 1, d - width + span] and [d - span + 1, d]
    return np.maximum(out, _shift(out, width - span, fill))


def _windows(values: npt.NDArray[Any], dtype: type) -> Callable[[int, int], npt.NDArray[Any]]:
    """``sums(lo, hi)[:, d]`` = sum of ``values`` over days ``d - hi … d - lo`` (0 before day 0)."""
    n_runners, n_days = values.shape
    if not values.any():
        return lambda lo, hi: np.zeros((n_runners, n_days), dtype=dtype)
    cumulative = np.zeros((n_runners, n_days + 1), dtype=dtype)
    np.cumsum(values, axis=1, dtype=dtype, out=cumulative[:, 1:])

    def sums(lo: int, hi: int) -> npt.NDArray[Any]:
        # out[:, d] = C[:, d - lo + 1] - C[:, d - hi], indices clipped to 0 … n_days (C[:, 0] = 0)
        out: npt.NDArray[Any] = np.zeros((n_runners, n_days), dtype=dtype)
        first = min(max(lo - 1, 0), n_days)
        out[:, first:] = cumulative[:, first - lo + 1 : n_days - lo + 1]
        if hi < n_days:
            out[:, hi:] -= cumulative[:, : n_days - hi]
        return out

    return sums


def _window_sums(values: FloatArray) -> Callable[[int, int], FloatArray]:
    """Windowed sums of a float series (exactly 0.0 over a window of zeros)."""
    return _windows(values, np.float64)


def _window_counts(mask: BoolArray) -> Callable[[int, int], npt.NDArray[np.int32]]:
    """Windowed counts of a day mask, in 32-bit integers (half the memory traffic of floats)."""
    return _windows(mask, np.int32)


def _ratio_status(ratio: FloatArray) -> StatusArray:
    """ACWR bands as codes: OK 0, LOW 1, CAUTION 2, HIGH 3 (NaN gives OK, overridden later)."""
    low, ok, caution = ACWR_BANDS
    status = _lt(ratio, low).astype(np.int8)
    status += 2 * _gt(ratio, ok).astype(np.int8)
    status += _gt(ratio, caution).astype(np.int8)
    return status


def _banded(values: FloatArray, edges: tuple[float, float]) -> StatusArray:
    """OK up to the first edge, CAUTION up to the second, HIGH above."""
    status = 2 * _gt(values, edges[0]).astype(np.int8)
    status += _gt(values, edges[1]).astype(np.int8)
    return status


class SignalArrays(NamedTuple):
    """One signal for every runner-day: ``value`` (NaN = null) and ``status`` codes."""

    value: FloatArray
    status: StatusArray


def _finish(
    value: FloatArray,
    status: StatusArray,
    *,
    insufficient: BoolArray | None = None,
    unknown: BoolArray | None = None,
) -> SignalArrays:
    """A signal; insufficient, then unknown, override the status and null the value."""
    value = value.astype(np.float64, copy=True)
    if insufficient is not None:
        status[insufficient] = INSUFFICIENT
    if unknown is not None:
        status[unknown] = UNKNOWN
    value[(status == INSUFFICIENT) | (status == UNKNOWN)] = np.nan
    return SignalArrays(value, status)


def _ewma(values: FloatArray, start: IntArray, spans: tuple[int, ...]) -> list[FloatArray]:
    """E(t) = λ·L(t) + (1 − λ)·E(t − 1), λ = 2/(span + 1), E(start) = L(start) (Williams 2017).

    One loop over days for all spans at once, each step vectorised across runners."""
    n_runners = values.shape[0]
    lam = np.repeat([2.0 / (span + 1.0) for span in spans], n_runners)
    by_day = np.ascontiguousarray(np.tile(values, (len(spans), 1)).T)
    starts = np.tile(start, len(spans))
    out = np.zeros_like(by_day)
    seeds = {int(day): np.flatnonzero(starts == day) for day in np.unique(starts)}
    keep = 1.0 - lam
    previous = np.zeros(by_day.shape[1])
    scratch = np.empty_like(previous)
    for day in range(by_day.shape[0]):
        today = out[day]
        np.multiply(previous, keep, out=today)
        np.multiply(by_day[day], lam, out=scratch)
        today += scratch
        seeded = seeds.get(day)
        if seeded is not None:
            today[seeded] = by_day[day, seeded]
        previous = today
    return [
        np.ascontiguousarray(out[:, k * n_runners : (k + 1) * n_runners].T)
        for k in range(len(spans))
    ]


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What every formula reads: the metric's daily sums and windowed sums of the masks."""

    grid: DailyGrid
    metric: Metric
    x: FloatArray
    longest: FloatArray
    history: IntArray
    sums: Callable[[int, int], FloatArray]
    missing_in: Callable[[int, int], npt.NDArray[np.int32]]
    runs_in: Callable[[int, int], npt.NDArray[np.int32]]


@dataclass(frozen=True, slots=True)
class Parts:
    """The windowed loads the formulas divide and the explanations quote, (runners, days) each.

    In the metric's units (metres, seconds or AU); ``hill_*`` in metres and ``fast_*`` in
    seconds whatever the metric. Weekly means "over 7 days": a chronic value is a 28-day sum ÷ 4.
    """

    week_a: FloatArray
    """Load of D-6..D: the acute week of every ratio."""
    week_b: FloatArray
    """Load of D-13..D-7: the week the weekly change compares with."""
    chronic_rolling: FloatArray
    """Weekly load over D-27..D (coupled ACWR)."""
    chronic_uncoupled: FloatArray
    """Weekly load over D-34..D-7 (uncoupled ACWR)."""
    ewma_acute: FloatArray
    """Daily EWMA with N = 7 (Williams et al. 2017)."""
    ewma_chronic: FloatArray
    """Daily EWMA with N = 28 (Williams et al. 2017)."""
    mean: FloatArray
    """Mean daily load over D-6..D (Foster 1998)."""
    sd: FloatArray
    """Population standard deviation of the daily load over D-6..D (Foster 1998)."""
    hill_acute: FloatArray
    """Uphill metres of D-6..D."""
    hill_chronic: FloatArray
    """Weekly uphill metres over D-27..D."""
    fast_acute: FloatArray
    """Fast seconds of D-6..D."""
    fast_chronic: FloatArray
    """Weekly fast seconds over D-27..D."""


@dataclass(frozen=True, slots=True)
class LoadArrays:
    """What :func:`compute` returns: every signal by id, and the parts behind them."""

    signals: dict[str, SignalArrays]
    parts: Parts


def _parts(a: _Inputs) -> Parts:
    week_a = a.sums(0, 6)
    mean = week_a / 7.0
    squares = np.zeros_like(a.x)
    for k in range(7):
        squares += (_shift(a.x, k, 0.0) - mean) ** 2
    ewma_acute, ewma_chronic = _ewma(a.x, a.grid.start, EWMA_SPANS)
    hill, fast = _window_sums(a.grid.uphill_m), _window_sums(a.grid.fast_s)
    return Parts(
        week_a=week_a,
        week_b=a.sums(7, 13),
        chronic_rolling=a.sums(0, 27) / 4.0,
        chronic_uncoupled=a.sums(7, 34) / 4.0,
        ewma_acute=ewma_acute,
        ewma_chronic=ewma_chronic,
        mean=mean,
        sd=np.sqrt(squares / 7.0),
        hill_acute=hill(0, 6),
        hill_chronic=hill(0, 27) / 4.0,
        fast_acute=fast(0, 6),
        fast_chronic=fast(0, 27) / 4.0,
    )


def _weekly_and_spike(a: _Inputs, p: Parts) -> dict[str, SignalArrays]:
    # weekly_distance_change (Nielsen 2014): A = D-6..D, B = D-13..D-7, 100·(A/B − 1).
    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100.0 * (p.week_a / p.week_b - 1.0)
    weekly = _finish(change, _banded(change, WEEKLY_CHANGE_PCT),
                     insufficient=(a.history < 14) | (p.week_b <= 0),
                     unknown=a.missing_in(0, 13) > 0)  # fmt: skip

    # single_run_spike (Frandsen 2025): each day's longest run vs the longest of the 30 days
    # before it, compared in integer units (LOAD-4); the largest ratio of D-6..D.
    longest = a.longest
    reference = _shift(_rolling_max(longest, SPIKE_LOOKBACK_DAYS, 0.0), 1, 0.0)
    ran = longest > 0
    defined = ran & (reference > 0)
    ratio = np.where(defined, longest / np.where(reference > 0, reference, 1.0), -np.inf)
    band = np.where(longest * 100 > reference * SPIKE_PCT[1], 2.0,
                    np.where(longest * 100 > reference * SPIKE_PCT[0], 1.0, 0.0))  # fmt: skip
    top_band = _rolling_max(np.where(defined, band, -1.0), 7, -1.0)
    top_ratio = _rolling_max(ratio, 7, -np.inf)
    codes = np.array([OK, CAUTION, HIGH], dtype=np.int8)
    spike_status = codes[np.clip(top_band, 0, 2).astype(np.int64)]
    no_reference = (top_band < 0) & (_window_counts(ran)(0, 6) > 0)
    spike = _finish(np.where(top_band >= 0, top_ratio, np.nan), spike_status,
                    insufficient=no_reference,
                    unknown=a.missing_in(0, 6 + SPIKE_LOOKBACK_DAYS) > 0)  # fmt: skip
    return {"weekly_distance_change": weekly, "single_run_spike": spike}


def _acwr(a: _Inputs, p: Parts) -> dict[str, SignalArrays]:
    # ACWR, three ways (Gabbett 2016 bands; Williams 2017 EWMA), weekly chronic loads.
    floor = MIN_CHRONIC_WEEKLY[a.metric]
    out: dict[str, SignalArrays] = {}
    for name, chronic, days in (
        ("acwr_rolling", p.chronic_rolling, 28),
        ("acwr_uncoupled", p.chronic_uncoupled, 35),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            value = p.week_a / chronic
        out[name] = _finish(value, _ratio_status(value),
                            insufficient=(a.history < days) | (chronic < floor),
                            unknown=a.missing_in(0, days - 1) > 0)  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        value = p.ewma_acute / p.ewma_chronic
    out["acwr_ewma"] = _finish(value, _ratio_status(value),
                               insufficient=(a.history < 28) | (7.0 * p.ewma_chronic < floor),
                               unknown=a.missing_in(0, 27) > 0)  # fmt: skip
    return out


def _variability(a: _Inputs, p: Parts) -> dict[str, SignalArrays]:
    # monotony and strain (Foster 1998): mean / population SD of D-6..D; strain = sum × monotony.
    mean, sd = p.mean, p.sd
    flat = (a.history < 7) | ~(sd > _REL_TOL * mean) | (sd <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        monotony = mean / sd
    unknown_week = a.missing_in(0, 6) > 0
    return {
        "monotony": _finish(monotony, _banded(monotony, MONOTONY_BANDS),
                            insufficient=flat, unknown=unknown_week),
        "strain": _finish(p.week_a * monotony, np.full(a.x.shape, OK, dtype=np.int8),
                          insufficient=flat, unknown=unknown_week),
    }  # fmt: skip


def _pattern(a: _Inputs, p: Parts) -> dict[str, SignalArrays]:
    grid, n_days = a.grid, a.x.shape[1]
    out: dict[str, SignalArrays] = {}
    # days_without_rest: consecutive days with a run, ending at D.
    day = np.arange(n_days)[None, :]
    last_rest = np.maximum.accumulate(np.where(grid.runs > 0, -1, day), axis=1)
    streak = (day - last_rest).astype(np.float64)
    out["days_without_rest"] = _finish(
        streak, _banded(streak, (STREAK_DAYS[0] - 0.5, STREAK_DAYS[1] - 0.5))
    )

    # hard_days_back_to_back: pairs (d − 1, d) of hard days with d in D-12..D.
    hard = grid.hard.astype(np.float64)
    count = _window_counts((hard * _shift(hard, 1, 0.0)) > 0)(0, 12).astype(np.float64)
    known = _window_counts(grid.intensity_known)(0, 13) > 0
    out["hard_days_back_to_back"] = _finish(
        count, _banded(count, (HARD_PAIRS[0] - 0.5, HARD_PAIRS[1] - 0.5)),
        unknown=(a.runs_in(0, 13) > 0) & ~known,
    )  # fmt: skip

    # hill_load_ratio, fast_load_ratio: D-6..D over the weekly average of D-27..D, ACWR bands.
    for name, part_acute, part_chronic, has in (
        ("hill_load_ratio", p.hill_acute, p.hill_chronic, grid.uphill_known),
        ("fast_load_ratio", p.fast_acute, p.fast_chronic, grid.fast_known),
    ):
        with np.errstate(divide="ignore", invalid="ignore"):
            value = part_acute / part_chronic
        no_data = (a.runs_in(0, 27) > 0) & ~(_window_counts(has)(0, 27) > 0)
        out[name] = _finish(value, _ratio_status(value),
                            insufficient=(a.history < 28) | (part_chronic <= 0),
                            unknown=no_data)  # fmt: skip

    # prevention_sessions_14d: sessions logged in D-13..D; unknown until they can be logged.
    if grid.prevention is None:
        nothing = np.full(a.x.shape, np.nan)
        out["prevention_sessions_14d"] = _finish(nothing, np.full(a.x.shape, UNKNOWN, np.int8))
    else:
        sessions = _window_sums(grid.prevention)(0, 13)
        status = np.where(sessions > 0, OK, CAUTION).astype(np.int8)
        out["prevention_sessions_14d"] = _finish(sessions, status)
    return out


def compute(grid: DailyGrid, metric: Metric = "distance") -> LoadArrays:
    """Every signal for every runner-day of ``grid`` (values NaN = null, status codes of
    :data:`STATUSES`) and the :class:`Parts` the explanations quote. Days before a runner's
    ``start`` are meaningless."""
    x, missing, longest = grid.metric(metric)
    inputs = _Inputs(
        grid=grid,
        metric=metric,
        x=x,
        longest=longest,
        history=np.arange(x.shape[1])[None, :] - grid.start[:, None] + 1,
        sums=_window_sums(x),
        missing_in=_window_counts(missing),
        runs_in=_window_counts(grid.runs > 0),
    )
    parts = _parts(inputs)
    signals = {
        **_weekly_and_spike(inputs, parts),
        **_acwr(inputs, parts),
        **_variability(inputs, parts),
        **_pattern(inputs, parts),
    }
    return LoadArrays({sid: signals[sid] for sid in SIGNAL_IDS}, parts)
