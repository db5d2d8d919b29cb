"""Every load signal for every day of 1,000 synthetic runners × 3 years: ours vs a pandas loop.

Run: ``.venv/bin/python benchmarks/load_bench.py`` (options: ``--runners``, ``--years``,
``--loop-runners``). The pandas loop is the straightforward way (per runner, per day, slicing a
daily Series); it is timed on a subset of runners and extrapolated linearly to all of them, and
its values are checked against ours on that subset so the comparison is like for like.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import numpy.typing as npt
import pandas as pd

from achillescare.domain.load.table import SIGNAL_IDS, load_table

FloatArray = npt.NDArray[np.float64]


def synthetic_runs(n_runners: int, n_days: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Runners with their own frequency (2–6 runs a week) and distance; some double days."""
    rng = np.random.default_rng(seed)
    p_run = rng.uniform(0.3, 0.85, n_runners)
    base_km = rng.uniform(5, 14, n_runners)
    ran = rng.random((n_runners, n_days)) < p_run[:, None]
    runner, day = np.nonzero(ran)
    doubles = rng.random(runner.size) < 0.03
    runner = np.concatenate([runner, runner[doubles]])
    day = np.concatenate([day, day[doubles]])
    n = runner.size
    km = base_km[runner] * rng.lognormal(0, 0.35, n)
    return {
        "runner": runner,
        "day": np.datetime64("2023-01-02") + day.astype("timedelta64[D]"),
        "distance_m": np.round(km * 1000),
        "duration_s": km * rng.uniform(280, 380, n),
        "uphill_m": np.where(rng.random(n) < 0.9, rng.exponential(300, n), np.nan),
        "fast_s": np.where(rng.random(n) < 0.9, rng.choice([0, 0, 0, 240, 600, 1200], n), np.nan),
        "strides": np.where(rng.random(n) < 0.9, rng.choice([0, 0, 0, 4, 6], n), np.nan),
        "rpe": rng.integers(2, 9, n).astype(float),
    }


def ours(runs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return load_table(
        runs["runner"], runs["day"], runs["distance_m"], duration_s=runs["duration_s"],
        uphill_m=runs["uphill_m"], fast_s=runs["fast_s"], strides=runs["strides"], rpe=runs["rpe"],
    )  # fmt: skip


def _ratio_ok(acute: float, chronic: float) -> float:
    return acute / chronic if chronic > 0 else np.nan


def pandas_loop_one(frame: pd.DataFrame) -> pd.DataFrame:
    """The straightforward implementation: one runner, one day at a time, pandas slicing."""
    frame = frame.assign(
        hard=(frame.fast_s.fillna(0) >= 300)
        | (frame.strides.fillna(0) >= 4)
        | (frame.uphill_m.fillna(0) >= 1000)
    )
    days = pd.date_range(frame.day.min(), frame.day.max(), freq="D")
    grouped = frame.groupby("day")
    dist = grouped.distance_m.sum().reindex(days, fill_value=0.0)
    longest = grouped.distance_m.max().round().reindex(days, fill_value=0.0)
    runs = grouped.size().reindex(days, fill_value=0)
    hard = grouped.hard.any().reindex(days, fill_value=False)
    uphill = grouped.uphill_m.sum().reindex(days, fill_value=0.0)
    fast = grouped.fast_s.sum().reindex(days, fill_value=0.0)
    rows = []
    ea = ec = 0.0
    for t in range(len(days)):
        a = dist.iloc[max(0, t - 6) : t + 1].sum()
        b = dist.iloc[max(0, t - 13) : max(0, t - 6)].sum()
        weekly = 100 * (a / b - 1) if t >= 13 and b > 0 else np.nan
        spike = np.nan
        for d in range(max(0, t - 6), t + 1):
            ref = longest.iloc[max(0, d - 30) : d].max() if d > 0 else 0.0
            if longest.iloc[d] > 0 and ref > 0:
                spike = np.nanmax([spike, longest.iloc[d] / ref])
        chronic = dist.iloc[max(0, t - 27) : t + 1].sum() / 4
        rolling = a / chronic if t >= 27 and chronic >= 5000 else np.nan
        chronic_u = dist.iloc[max(0, t - 34) : max(0, t - 6)].sum() / 4
        uncoupled = a / chronic_u if t >= 34 and chronic_u >= 5000 else np.nan
        x = dist.iloc[t]
        ea, ec = (x, x) if t == 0 else (0.25 * x + 0.75 * ea, 2 / 29 * x + 27 / 29 * ec)
        ewma = ea / ec if t >= 27 and 7 * ec >= 5000 else np.nan
        week = pd.Series(np.zeros(7))
        window = dist.iloc[max(0, t - 6) : t + 1].to_numpy()
        week.iloc[7 - len(window) :] = window
        sd = week.std(ddof=0)
        monotony = week.mean() / sd if t >= 6 and sd > 1e-9 * week.mean() and sd > 0 else np.nan
        streak = 0
        while t - streak >= 0 and runs.iloc[t - streak] > 0:
            streak += 1
        pairs = sum(bool(hard.iloc[d] and hard.iloc[d - 1]) for d in range(max(1, t - 12), t + 1))
        hill = _ratio_ok(uphill.iloc[max(0, t - 6) : t + 1].sum(),
                         uphill.iloc[max(0, t - 27) : t + 1].sum() / 4) if t >= 27 else np.nan  # fmt: skip
        quick = _ratio_ok(fast.iloc[max(0, t - 6) : t + 1].sum(),
                          fast.iloc[max(0, t - 27) : t + 1].sum() / 4) if t >= 27 else np.nan  # fmt: skip
        rows.append((weekly, spike, rolling, uncoupled, ewma, monotony, a * monotony,
                     streak, pairs, hill, quick, np.nan))  # fmt: skip
    return pd.DataFrame(rows, columns=list(SIGNAL_IDS), index=days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--loop-runners", type=int, default=5)
    args = parser.parse_args()
    n_days = 365 * args.years + 1
    runs = synthetic_runs(args.runners, n_days)
    print(f"{args.runners} runners × {n_days} days, {runs['runner'].size:,} runs, "
          f"{len(SIGNAL_IDS)} signals per runner-day")  # fmt: skip

    ours(runs)  # warm-up (imports, first allocations)
    timings, cpu = [], []
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        table = ours(runs)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    ours_s = min(timings)
    print(f"ours (NumPy, vectorised):   {ours_s:8.3f} s for {table['runner'].size:,} runner-days "
          f"(best of 5; median {np.median(timings):.3f} s; CPU {min(cpu):.3f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip

    subset = np.isin(runs["runner"], np.arange(args.loop_runners))
    frame = pd.DataFrame({k: v[subset] for k, v in runs.items()})
    frame["day"] = pd.to_datetime(frame["day"])
    start = time.perf_counter()
    loops = {r: pandas_loop_one(part) for r, part in frame.groupby("runner")}
    loop_s = time.perf_counter() - start
    per_runner = loop_s / args.loop_runners
    loop_all = per_runner * args.runners
    print(f"pandas per-runner, per-day loop: {loop_s:8.3f} s measured on {args.loop_runners} "
          f"runners → {loop_all:8.1f} s extrapolated linearly to {args.runners} runners")  # fmt: skip
    print(f"speed-up: {loop_all / ours_s:,.0f}×   (target: < 1 s and ≥ 50×)")

    worst = 0.0
    for r, expected in loops.items():
        rows = table["runner"] == r
        for sid in SIGNAL_IDS[:-1]:
            got, want = table[sid][rows], expected[sid].to_numpy(dtype=float)
            both = ~np.isnan(got) & ~np.isnan(want)
            assert (np.isnan(got) == np.isnan(want)).all(), sid
            if both.any():
                worst = max(worst, float(np.max(np.abs(got[both] - want[both]) /
                                                np.maximum(np.abs(want[both]), 1e-12))))  # fmt: skip
    print(f"check: same nulls and values on the {args.loop_runners} looped runners "
          f"(max relative difference {worst:.1e})")  # fmt: skip


if __name__ == "__main__":
    main()
