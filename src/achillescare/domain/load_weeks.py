"""Weekly summaries and the 30-day longest run: what the runner sees next to the signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from achillescare.domain.load_series import DailySeries, FloatArray
from achillescare.domain.units import Units, metres_to


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
        """The issue's JSON shape, distances in the runner's units."""
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
        raise ValueError("weeks must be at least 1")
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
