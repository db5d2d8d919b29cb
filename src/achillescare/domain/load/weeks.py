"""Weekly summaries and the 30-day longest run: what the runner sees next to the signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from achillescare.domain.load.kernels import SPIKE_LOOKBACK_DAYS, SPIKE_PCT
from achillescare.domain.load.series import DailySeries, FloatArray
from achillescare.domain.units import Units, metres_to
from achillescare.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """Seven days ending on ``week_start + 6``, aligned with the signals' trailing windows."""

    week_start: date
    distance_m: float
    runs: int
    long_run_m: float
    uphill_m: float
    fast_min: float
    daily_distance_m: tuple[float, ...] = ()

    def to_json(self, units: Units) -> dict[str, object]:
        """The JSON shape of ``achilles load --json``, distances in the runner's units."""
        return {
            "week_start": self.week_start.isoformat(),
            "distance": round(metres_to(self.distance_m, units), 3),
            "runs": self.runs,
            "long_run": round(metres_to(self.long_run_m, units), 3),
            "uphill": round(metres_to(self.uphill_m, units), 3),
            "fast_min": round(self.fast_min, 1),
        }


def _window(series: DailySeries, as_of: date, days: int) -> dict[str, FloatArray]:
    """The named daily arrays over ``as_of - days + 1 … as_of`` (zeros outside the history)."""
    names = ("distance_m", "runs", "longest_m", "uphill_m", "fast_s")
    out = {name: np.zeros(days) for name in names}
    grid = series.grid
    if grid is None:
        return out
    first = (as_of - grid.first_day).days - days + 1
    lo, hi = max(first, 0), min(first + days, grid.n_days)
    if hi > lo:
        for name in names:
            out[name][lo - first : hi - first] = getattr(grid, name)[0, lo:hi]
    return out


def weekly_summary(series: DailySeries, as_of: date, weeks: int) -> list[WeekSummary]:
    """The last ``weeks`` seven-day blocks ending on ``as_of``, oldest first."""
    if weeks < 1:
        raise InvalidInput("weeks must be at least 1")
    w = _window(series, as_of, 7 * weeks)
    out: list[WeekSummary] = []
    for k in range(weeks):
        block = slice(7 * k, 7 * k + 7)
        out.append(
            WeekSummary(
                week_start=as_of - timedelta(days=7 * (weeks - k) - 1),
                distance_m=float(w["distance_m"][block].sum()),
                runs=int(w["runs"][block].sum()),
                long_run_m=float(w["longest_m"][block].max()),
                uphill_m=float(w["uphill_m"][block].sum()),
                fast_min=float(w["fast_s"][block].sum() / 60.0),
                daily_distance_m=tuple(float(x) for x in w["distance_m"][block]),
            )
        )
    return out


def longest_run_30d_m(series: DailySeries, as_of: date) -> float | None:
    """The longest single run (whole metres) of the 30 days before ``as_of``; None if none.

    This is the reference of the single-run spike for a run on ``as_of`` (Frandsen et al. 2025):
    the daily decision advises today's longest sensible run as about 1.10 × this value.
    """
    longest = float(_window(series, as_of - timedelta(days=1), 30)["longest_m"].max())
    return longest if longest > 0 else None


@dataclass(frozen=True, slots=True)
class CapReference:
    """What today's distance cap is scaled from: ``longest_m``, the longest run of the 30 days
    before today with each spike credited only up to the longest run before it; and the largest
    such spike (``spike_m`` on ``spike_day``), None when no run of the 30 days was a spike."""

    longest_m: float
    spike_m: float | None = None
    spike_day: date | None = None


def cap_reference(series: DailySeries, as_of: date) -> CapReference | None:
    """The reference for today's distance cap (Frandsen et al. 2025), None with no run in the
    30 days before ``as_of``.

    A run more than 10 % longer than the longest of the 30 days before it is a spike; the cap is
    1.10 × the longest run, so counting the spike itself would advise another spike (after a
    25 km run on a 10 km base, "at most 27.5 km"). Each spike is therefore credited only with
    the reference it was compared with, and that reference is itself credited the same way
    (over up to 90 days), so a string of spikes does not ratchet the ceiling up.
    """
    days = 3 * SPIKE_LOOKBACK_DAYS
    longest = _window(series, as_of - timedelta(days=1), days)["longest_m"]
    credited = np.zeros(days)
    spike: tuple[float, int] | None = None
    for i in range(days):
        before = credited[max(0, i - SPIKE_LOOKBACK_DAYS) : i].max(initial=0.0)
        run = float(longest[i])
        if before > 0 and run * 100 > before * SPIKE_PCT[0]:
            credited[i] = before
            if i >= days - SPIKE_LOOKBACK_DAYS and (spike is None or run >= spike[0]):
                spike = (run, i)
        else:
            credited[i] = run
    reference = float(credited[days - SPIKE_LOOKBACK_DAYS :].max())
    if reference <= 0:
        return None
    if spike is None:
        return CapReference(reference)
    first = as_of - timedelta(days=days)
    return CapReference(reference, spike[0], first + timedelta(days=spike[1]))
