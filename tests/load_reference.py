"""A plain-Python reading of the load formulas, written independently of the NumPy code.

Exact rationals (``Fraction`` of the decimal kilometres) decide the band edges, so the test
oracle has no floating-point rounding of its own; the EWMA is the textbook recurrence in floats.
Only the distance metric is covered (the CSV contract).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

Result = tuple[float | None, str]


@dataclass(frozen=True)
class Row:
    """One CSV row; None = blank cell."""

    day: date
    km: str
    uphill_km: str | None = None
    fast_min: str | None = None
    strides: int | None = None


def _ratio_band(value: Fraction) -> str:
    if value < Fraction(8, 10):
        return "low"
    if value <= Fraction(13, 10):
        return "ok"
    return "caution" if value <= Fraction(15, 10) else "high"


def _float_band(value: float) -> str:
    return _ratio_band(Fraction(value))


def reference_signals(rows: list[Row], as_of: date) -> dict[str, Result]:
    """Every load signal as of ``as_of`` from the rows (runs after ``as_of`` ignored)."""
    rows = [r for r in rows if r.day <= as_of]
    if not rows:
        return {}
    metres: dict[date, Fraction] = defaultdict(Fraction)
    longest: dict[date, int] = defaultdict(int)
    uphill: dict[date, Fraction] = defaultdict(Fraction)
    fast: dict[date, Fraction] = defaultdict(Fraction)
    hard: dict[date, bool] = defaultdict(bool)
    intensity_known: dict[date, bool] = defaultdict(bool)
    uphill_known: dict[date, bool] = defaultdict(bool)
    fast_known: dict[date, bool] = defaultdict(bool)
    ran: set[date] = set()
    for r in rows:
        m = Fraction(r.km) * 1000
        metres[r.day] += m
        longest[r.day] = max(longest[r.day], round(m))
        ran.add(r.day)
        up = Fraction(r.uphill_km) if r.uphill_km is not None else None
        fm = Fraction(r.fast_min) if r.fast_min is not None else None
        uphill[r.day] += up or 0
        fast[r.day] += fm or 0
        uphill_known[r.day] |= up is not None
        fast_known[r.day] |= fm is not None
        intensity_known[r.day] |= up is not None or fm is not None or r.strides is not None
        hard[r.day] |= (fm or 0) >= 5 or (r.strides or 0) >= 4 or (up or 0) >= 1
    start = min(r.day for r in rows)
    history = (as_of - start).days + 1

    def days(lo: int, hi: int) -> list[date]:
        return [as_of - timedelta(days=k) for k in range(lo, hi + 1)]

    def total(series: dict[date, Fraction], lo: int, hi: int) -> Fraction:
        return sum((series[d] for d in days(lo, hi) if d in series), Fraction(0))

    out: dict[str, Result] = {}
    a, b = total(metres, 0, 6), total(metres, 7, 13)
    if history < 14 or b == 0:
        out["weekly_distance_change"] = (None, "insufficient_data")
    else:
        change = 100 * (a / b - 1)
        band = "ok" if change <= 10 else "caution" if change <= 30 else "high"
        out["weekly_distance_change"] = (float(change), band)

    best: Fraction | None = None
    top = -1
    any_run = False
    for d in days(0, 6):
        if longest.get(d, 0) <= 0:
            continue
        any_run = True
        prior = [longest.get(d - timedelta(days=k), 0) for k in range(1, 31)]
        reference = max(prior)
        if reference <= 0:
            continue
        ratio = Fraction(longest[d], reference)
        best = ratio if best is None else max(best, ratio)
        level = 0
        if longest[d] * 100 > reference * 110:
            level = 2 if longest[d] * 100 > reference * 130 else 1
        top = max(top, level)
    if best is not None:
        out["single_run_spike"] = (float(best), ("ok", "caution", "high")[top])
    else:
        out["single_run_spike"] = (None, "insufficient_data" if any_run else "ok")

    for name, chronic, needed in (
        ("acwr_rolling", total(metres, 0, 27) / 4, 28),
        ("acwr_uncoupled", total(metres, 7, 34) / 4, 35),
    ):
        if history < needed or chronic < 5000:
            out[name] = (None, "insufficient_data")
        else:
            out[name] = (float(a / chronic), _ratio_band(a / chronic))

    acute_e = chronic_e = 0.0
    for k in range(history):
        load = float(metres.get(start + timedelta(days=k), Fraction(0)))
        if k == 0:
            acute_e = chronic_e = load
        else:
            acute_e = 0.25 * load + 0.75 * acute_e
            chronic_e = (2 / 29) * load + (27 / 29) * chronic_e
    if history < 28 or 7 * chronic_e < 5000:
        out["acwr_ewma"] = (None, "insufficient_data")
    else:
        out["acwr_ewma"] = (acute_e / chronic_e, _float_band(acute_e / chronic_e))

    week = [metres.get(d, Fraction(0)) for d in days(0, 6)]
    mean = sum(week, Fraction(0)) / 7
    variance = sum(((x - mean) ** 2 for x in week), Fraction(0)) / 7
    if history < 7 or variance == 0:
        out["monotony"] = out["strain"] = (None, "insufficient_data")
    else:
        monotony = float(mean) / math.sqrt(variance)
        squared = mean * mean / variance
        band = "ok" if squared <= Fraction(9, 4) else "caution" if squared <= 4 else "high"
        out["monotony"] = (monotony, band)
        out["strain"] = (float(a) * monotony, "ok")

    streak = 0
    while as_of - timedelta(days=streak) in ran:
        streak += 1
    out["days_without_rest"] = (
        float(streak),
        "ok" if streak < 7 else "caution" if streak < 14 else "high",
    )

    window = days(0, 13)
    pairs = sum(1 for d in days(0, 12) if hard[d] and hard[d - timedelta(days=1)])
    if any(d in ran for d in window) and not any(intensity_known[d] for d in window):
        out["hard_days_back_to_back"] = (None, "unknown")
    else:
        out["hard_days_back_to_back"] = (float(pairs), ("ok", "caution", "high")[min(pairs, 2)])

    for name, series, known in (
        ("hill_load_ratio", uphill, uphill_known),
        ("fast_load_ratio", fast, fast_known),
    ):
        month = days(0, 27)
        if any(d in ran for d in month) and not any(known[d] for d in month):
            out[name] = (None, "unknown")
            continue
        part_chronic = total(series, 0, 27) / 4
        if history < 28 or part_chronic == 0:
            out[name] = (None, "insufficient_data")
        else:
            value = total(series, 0, 6) / part_chronic
            out[name] = (float(value), _ratio_band(value))
    out["prevention_sessions_14d"] = (None, "unknown")
    return out


def rows_to_csv(rows: list[Row]) -> str:
    """The CSV text of the rows (blank cells for None)."""
    lines = ["date,distance_km,uphill_km,fast_min,strides"]
    for r in rows:
        cells = [r.day.isoformat(), r.km, r.uphill_km or "", r.fast_min or "",
                 "" if r.strides is None else str(r.strides)]  # fmt: skip
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"
