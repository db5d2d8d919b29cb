"""Training-load signals for the Achilles: the runner's history read for risk, explained.

The public face of the load domain: :func:`signals_as_of` gives one runner's signals on
a date as :class:`~achillescare.domain.load.signal.Signal` values; :func:`load_table` gives every
signal for every runner-day of many runners at once (the researchers' batch API, vectorised with
NumPy); ``RULES`` documents each threshold with its source. Series are built in
:mod:`achillescare.domain.load.series`, the formulas live in :mod:`.kernels`, the sentences in
:mod:`.explain`. The single-run spike is the best-supported signal (Frandsen et al. 2025);
ACWR is context, never alone a reason to stop (Lolli et al. 2019; Impellizzeri et al. 2020).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Unpack

import numpy as np
import numpy.typing as npt

from achillescare.domain.evidence.rules import Rule
from achillescare.domain.load.entries import (
    RunEntry,
    daily_series_from_entries,
    run_entries_from_dicts,
)
from achillescare.domain.load.explain import Context, explain
from achillescare.domain.load.kernels import SIGNAL_IDS, LoadArrays, compute
from achillescare.domain.load.series import (
    METRICS,
    DailyGrid,
    DailySeries,
    Metric,
    RunColumns,
    build_grid,
    daily_series_from_activities,
)
from achillescare.domain.load.signal import STATUSES, Signal
from achillescare.domain.load.weeks import (
    CapReference,
    WeekSummary,
    cap_reference,
    longest_run_30d_m,
    weekly_summary,
)
from achillescare.domain.units import Units, metres_to
from achillescare.errors import InvalidInput

_ACWR_NOTE = (
    "Shown as a caution only: the acute week sits inside the chronic window (Lolli et al. 2019) "
    "and ACWR lacks a causal basis (Impellizzeri et al. 2020); for runners Frandsen 2025 found a "
    "negative association. Not shown with < 28 days of history (35 uncoupled) or a chronic weekly "
    "load under 5 km / 30 min / 150 AU (house)."
)

RULES: tuple[Rule, ...] = (
    Rule("LOAD-1", "Single-run spike",
         "Each run's distance ÷ the longest single run of the 30 calendar days before its date; "
         "the signal is the largest ratio of the last 7 days.",
         ("frandsen2025",), "verified", "training load",
         "Abstract read (PubMed 40623829): session distance vs the longest run in the past 30 "
         "days. Not read in full: calendar days vs start time, several runs a day — we use "
         "calendar days and each day's longest run. No prior run in 30 days → insufficient data.",
         (("window", "30 days before the run; runs of D-6..D"),)),
    Rule("LOAD-2", "Single-run spike bands",
         "ok ≤ 110 % of the 30-day longest run; caution > 110–130 % (HRR 1.64); high > 130 % "
         "(HRR 1.52 for > 30–100 %, 2.28 for > 100 %).",
         ("frandsen2025",), "verified", "training load",
         "The paper's four states (reference, small, moderate, large) collapsed into three.",
         (("ok", "≤ 1.10"), ("caution", "1.10–1.30"), ("high", "> 1.30"))),
    Rule("LOAD-3", "Longest sensible run today",
         "Advise today's longest run as about 1.10 × the longest run of the last 30 days.",
         ("frandsen2025",), "verified", "training load",
         "Derived from the paper's reference state (≤ 10 % above the 30-day longest run).",
         (("ratio", "1.10"),)),
    Rule("LOAD-4", "Spike compared in whole units",
         "Distances are rounded to whole metres (durations to seconds) and a run is above band k "
         "iff run × 100 > reference × (100 + k): +10 % exactly is never flagged by rounding.",
         ("house",), "house", "training load", "15.4 / 14 − 1 = 0.10000000000000009 in doubles."),
    Rule("LOAD-5", "ACWR, rolling (coupled)",
         "acute = load D-6..D; chronic = load D-27..D ÷ 4; ratio = acute ÷ chronic. "
         "low < 0.8, ok 0.8–1.3, caution 1.3–1.5, high > 1.5.",
         ("gabbett2016", "lolli2019", "impellizzeri2020"), "verified", "training load", _ACWR_NOTE,
         (("low", "< 0.8"), ("ok", "0.8–1.3"), ("caution", "1.3–1.5"), ("high", "> 1.5"))),
    Rule("LOAD-6", "ACWR, uncoupled",
         "acute = load D-6..D; chronic = load D-34..D-7 ÷ 4 (four weeks before the acute one); "
         "bands as LOAD-5.",
         ("gabbett2016", "lolli2019", "impellizzeri2020"), "partly", "training load",
         "The house uses a 4-week chronic window; the spec's Windt & Gabbett form uses 3 weeks "
         "(D-27..D-7, [P]). " + _ACWR_NOTE),
    Rule("LOAD-7", "ACWR, exponentially weighted",
         "E(t) = λ·L(t) + (1 − λ)·E(t − 1), λ = 2/(N + 1), N = 7 (acute) and 28 (chronic), "
         "seeded with the first day's load; ratio = acute ÷ chronic; bands as LOAD-5.",
         ("williams2017", "gabbett2016", "lolli2019", "impellizzeri2020"), "verified", "training load",
         "Formula checked against the Williams et al. 2017 letter (BJSM 51(3):209). " + _ACWR_NOTE),
    Rule("LOAD-8", "Missing data is not rest",
         "Days without a run are zeros; a run whose value is unknown (no duration, no RPE, no "
         "uphill data) makes the signals over it unknown, and windows reaching before the first "
         "run are insufficient data.",
         ("house",), "house", "training load"),
    Rule("LOAD-9", "Monotony",
         "mean ÷ population SD (ddof = 0) of daily load over D-6..D; ok ≤ 1.5, caution 1.5–2.0, "
         "high > 2.0; zero deviation → insufficient data.",
         ("foster1998",), "partly", "training load",
         "Formula verified (Foster 1998); the 1.5 / 2.0 cuts are quoted by secondary sources "
         "(fellrnr.com, afitpilot.com), not found in the abstract.",
         (("ok", "≤ 1.5"), ("caution", "1.5–2.0"), ("high", "> 2.0"))),
    Rule("LOAD-10", "Strain",
         "Weekly load (D-6..D) × monotony; shown for context, no threshold.",
         ("foster1998",), "verified", "training load",
         "Thresholds of 4500–6000 AU are widely quoted but unverified and not for distance."),
    Rule("LOAD-11", "Weekly distance change",
         "A = load D-6..D, B = load D-13..D-7; value = 100 × (A/B − 1); ok ≤ 10 %, caution "
         "10–30 %, high > 30 %; B = 0 → insufficient data.",
         ("nielsen2014",), "partly", "training load",
         "Abstract read (Aalborg University record): > 30 % vs < 10 % HR 1.59 (0.96–2.66) for "
         "distance-related injuries in 874 novices; Achilles tendinopathy is not in that group. "
         "Window alignment is our operationalisation.",
         (("ok", "≤ 10 %"), ("caution", "10–30 %"), ("high", "> 30 %"))),
    Rule("LOAD-12", "Days without rest",
         "Consecutive days with a run, ending at D; caution from 7, high from 14.",
         ("house",), "house", "training load", "", (("caution", "≥ 7"), ("high", "≥ 14"))),
    Rule("LOAD-13", "Back-to-back hard days",
         "A hard day has a run with ≥ 5 fast minutes, ≥ 4 strides/sprints or ≥ 1 km uphill "
         "(grade ≥ 4 %); value = pairs of consecutive hard days in D-13..D; caution 1, high ≥ 2.",
         ("house",), "house", "training load",
         "The article's 'sprints or hills without rest in between'; no validated cut-offs found.",
         (("caution", "1 pair"), ("high", "≥ 2 pairs"))),
    Rule("LOAD-14", "Hill load ratio",
         "Uphill distance D-6..D ÷ its weekly average over D-27..D; ACWR bands; chronic 0 → "
         "insufficient data.", ("house",), "house", "training load", "Descriptive: no published threshold for hills as a load factor."),
    Rule("LOAD-15", "Fast load ratio",
         "Fast minutes D-6..D ÷ their weekly average over D-27..D; ACWR bands; chronic 0 → "
         "insufficient data.", ("house",), "house", "training load",
         "Descriptive: no published threshold for sprints without rest."),
    Rule("LOAD-16", "Prevention sessions",
         "Prevention/strength sessions logged in D-13..D; caution when none; unknown until "
         "sessions can be logged.", ("house",), "house", "training load"),
)  # fmt: skip
"""The load rules, with thresholds, sources and how far each was checked."""

SIGNAL_RULES: dict[str, str] = {
    "weekly_distance_change": "LOAD-11",
    "single_run_spike": "LOAD-2",
    "acwr_rolling": "LOAD-5",
    "acwr_uncoupled": "LOAD-6",
    "acwr_ewma": "LOAD-7",
    "monotony": "LOAD-9",
    "strain": "LOAD-10",
    "days_without_rest": "LOAD-12",
    "hard_days_back_to_back": "LOAD-13",
    "hill_load_ratio": "LOAD-14",
    "fast_load_ratio": "LOAD-15",
    "prevention_sessions_14d": "LOAD-16",
}
"""The rule whose citation each signal carries."""

_RULES_BY_ID = {rule.id: rule for rule in RULES}


def source_of(signal_id: str) -> str:
    """The short citation shown with a signal."""
    return _RULES_BY_ID[SIGNAL_RULES[signal_id]].citation()


def _grid_until(grid: DailyGrid, as_of: date) -> DailyGrid:
    """The grid cut or zero-padded so that its last column is ``as_of``."""
    n_days = (as_of - grid.first_day).days + 1
    changes: dict[str, object] = {}
    for field in fields(grid):
        values = getattr(grid, field.name)
        if not isinstance(values, np.ndarray) or values.ndim != 2:
            continue
        if n_days <= values.shape[1]:
            changes[field.name] = values[:, :n_days]
        else:
            pad = np.zeros((values.shape[0], n_days - values.shape[1]), dtype=values.dtype)
            changes[field.name] = np.concatenate([values, pad], axis=1)
    return replace(grid, **changes)  # type: ignore[arg-type]


def _display_value(signal_id: str, value: float, metric: Metric, units: Units) -> float:
    """Values as the runner reads them: strain in km/mi, minutes or AU; the rest are unit-free."""
    if signal_id != "strain":
        return value
    if metric == "distance":
        return metres_to(value, units)
    return value / 60.0 if metric == "duration" else value


def _spike_detail(grid: DailyGrid, metric: Metric) -> tuple[int | None, float, float]:
    """The day (column) of the biggest spike of the last 7 days, its run and its reference."""
    longest = grid.metric(metric)[2][0]
    best: tuple[int | None, float, float] = (None, 0.0, 0.0)
    best_ratio = -1.0
    last = longest.size - 1
    for day in range(max(0, last - 6), last + 1):
        reference = float(longest[max(0, day - 30) : day].max(initial=0.0))
        if longest[day] > 0 and reference > 0 and longest[day] / reference > best_ratio:
            best_ratio = float(longest[day] / reference)
            best = (day, float(longest[day]), reference)
    if metric == "load":  # longest runs of the load metric are in RPE-seconds (LOAD-4)
        return best[0], best[1] / 60.0, best[2] / 60.0
    return best


def _parts(signal_id: str, out: LoadArrays) -> dict[str, float]:
    """The last day's parts a signal's sentence quotes (one runner)."""

    def last(values: npt.NDArray[np.float64]) -> float:
        return float(values[0, -1])

    p = out.parts
    if signal_id == "weekly_distance_change":
        return {"a": last(p.week_a), "b": last(p.week_b)}
    if signal_id == "acwr_rolling":
        return {"acute": last(p.week_a), "chronic": last(p.chronic_rolling)}
    if signal_id == "acwr_uncoupled":
        return {"acute": last(p.week_a), "chronic": last(p.chronic_uncoupled)}
    if signal_id == "acwr_ewma":
        return {"acute": 7 * last(p.ewma_acute), "chronic": 7 * last(p.ewma_chronic)}
    if signal_id == "monotony":
        return {"mean": last(p.mean), "sd": last(p.sd)}
    if signal_id == "strain":
        return {"week": last(p.week_a), "monotony": last(out.signals["monotony"].value)}
    if signal_id == "hill_load_ratio":
        return {"acute": last(p.hill_acute), "chronic": last(p.hill_chronic)}
    if signal_id == "fast_load_ratio":
        return {"acute": last(p.fast_acute), "chronic": last(p.fast_chronic)}
    return {}


def signals_as_of(
    series: DailySeries, as_of: date, *, units: Units, metric: Metric = "distance"
) -> list[Signal]:
    """Every load signal for one runner on ``as_of`` (runs after ``as_of`` are ignored).

    ``metric`` (``distance``, ``duration`` or ``load`` = duration × RPE) is what the weekly
    change, spike, ACWR, monotony and strain are computed on. With no run up to ``as_of`` every
    signal is ``insufficient_data`` (prevention: ``unknown`` unless sessions are logged).
    """
    if metric not in METRICS:
        raise InvalidInput(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    grid = series.grid
    if (
        grid is None
        or as_of < grid.first_day
        or not grid.runs[0, : (as_of - grid.first_day).days + 1].any()
    ):
        return [
            Signal(sid, None, "unknown" if sid == "prevention_sessions_14d" else "insufficient_data",
                   f"No runs recorded up to {as_of.isoformat()}, so there is nothing to read yet.",
                   source_of(sid))
            for sid in SIGNAL_IDS
        ]  # fmt: skip
    grid = _grid_until(grid, as_of)
    out = compute(grid, metric)
    history = float(grid.n_days - int(grid.start[0]))
    spike_day, spike_run, spike_reference = _spike_detail(grid, metric)
    signals: list[Signal] = []
    for sid in SIGNAL_IDS:
        raw = float(out.signals[sid].value[0, -1])
        status = STATUSES[int(out.signals[sid].status[0, -1])]
        value = None if np.isnan(raw) else _display_value(sid, raw, metric, units)
        context = Context(
            units=units,
            metric=metric,
            as_of=as_of,
            parts={"history": history, **_parts(sid, out)},
            spike_day=None if spike_day is None else grid.first_day + timedelta(days=spike_day),
            spike_run=spike_run if spike_day is not None else None,
            spike_reference=spike_reference if spike_day is not None else None,
        )
        signals.append(
            Signal(
                sid,
                value,
                status,
                explain(sid, status, raw if value is not None else None, context),
                source_of(sid),
            )
        )
    return signals


def load_table(
    runner: npt.ArrayLike,
    day: npt.ArrayLike,
    distance_m: npt.ArrayLike,
    *,
    metric: Metric = "distance",
    until: date | None = None,
    **columns: Unpack[RunColumns],
) -> dict[str, npt.NDArray[np.generic]]:
    """Every signal for every day of many runners at once: one element per run in, a table out.

    Inputs are per-run arrays (``runner`` a 0-based index, ``day`` the local date as
    ``datetime64[D]``, NaN = unknown; the optional columns are those of :class:`RunColumns`). Each runner's rows run from their first run to their last
    (or to ``until``). The table has ``runner``, ``date`` and, per signal id, the value (float,
    NaN = null; strain in metres / seconds / AU) and ``<id>_status`` (int8 codes of
    :data:`STATUSES`). Formulas and statuses are those of :func:`signals_as_of`.
    """
    runner_idx = np.asarray(runner, dtype=np.int64).ravel()
    days = np.asarray(day, dtype="datetime64[D]").ravel()
    if runner_idx.size == 0:
        raise InvalidInput("no runs given")
    grid = build_grid(runner_idx, days, distance_m, last_day=until, **columns)
    out = compute(grid, metric)
    day_index = np.arange(grid.n_days)[None, :]
    if until is None:
        end = np.zeros(grid.start.size, dtype=np.int64)
        np.maximum.at(end, runner_idx, (days - np.datetime64(grid.first_day, "D")).astype(np.int64))
    else:
        end = np.full(grid.start.size, grid.n_days - 1, dtype=np.int64)
    has_runs = (grid.runs > 0).sum(axis=1)[:, None] > 0  # no run in range → no rows
    rows = (day_index >= grid.start[:, None]) & (day_index <= end[:, None]) & has_runs
    flat = np.flatnonzero(rows)
    runner_of, column_of = np.divmod(flat, grid.n_days)
    table: dict[str, npt.NDArray[np.generic]] = {
        "runner": runner_of.astype(np.int64),
        "date": np.datetime64(grid.first_day, "D") + column_of.astype("timedelta64[D]"),
    }
    for sid, (value, status) in out.signals.items():
        table[sid] = value.ravel().take(flat)
        table[f"{sid}_status"] = status.ravel().take(flat)
    return table


__all__ = [
    "METRICS",
    "RULES",
    "SIGNAL_IDS",
    "STATUSES",
    "CapReference",
    "DailySeries",
    "Metric",
    "RunEntry",
    "WeekSummary",
    "cap_reference",
    "daily_series_from_activities",
    "daily_series_from_entries",
    "load_table",
    "longest_run_30d_m",
    "run_entries_from_dicts",
    "signals_as_of",
    "source_of",
    "weekly_summary",
]
