"""Power, false positives and time of the personal insights, on synthetic runners.

Each seed is one synthetic runner (:func:`achillescare.demo.planted.simulate_runner`) with a
planted effect of known size on one feature's next morning. Power is the share of seeds in
which that feature at lag 1 is called ``likely``; the false-positive rate is the share of
(feature, lag, measure) comparisons of the *other* features — no planted effect — called
``likely``; coverage is the share of runners whose 95 % interval holds the true association
(the planted size, plus for the long run — compared without holding distance equal — what the
simulator's small distance effect adds). Then the time of one runner with three years of data, beside its 200 ms target:

    .venv/bin/python benchmarks/insights_power.py [--seeds 200] [--days 120]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from achillescare.demo.planted import DISTANCE_PAIN_PER_KM, PLANTABLE, simulate_runner
from achillescare.domain.insights import InsightInput, insights
from achillescare.domain.insights.exposures import build

TARGET_MS = 200.0


def _distance_part(data: InsightInput, feature: str) -> float:
    """What the simulator's distance effect adds to a feature compared without holding distance
    equal (the long run): part of the true association, so part of what the interval must hold."""
    grid, exposures = build(data)
    found = next(e for e in exposures if e.feature == feature)
    if found.adjust_for_distance:
        return 0.0
    values = found.values
    known = ~np.isnan(values)
    km = grid.distance_m / 1000.0
    gap = km[known & (values == 1)].mean() - km[known & (values == 0)].mean()
    return float(DISTANCE_PAIN_PER_KM * gap)


def power_and_false_positives(
    feature: str, size: float, days: int, seeds: int
) -> tuple[float, float, float, float]:
    """(power, false-positive rate over the other features, possible-or-likely rate of the
    planted one, coverage of its 95 % interval) over ``seeds`` synthetic runners."""
    found = flagged = false = others = covered = 0
    for seed in range(seeds):
        data = simulate_runner(days, seed, {feature: size})
        truth = size + _distance_part(data, feature)
        result = insights(data)
        for a in result.associations:
            if a.feature == feature:
                if a.lag_days == 1 and a.outcome == "morning_pain":
                    found += a.verdict == "likely"
                    flagged += a.verdict in {"likely", "possible"}
                    covered += a.ci_low is not None and a.ci_low <= truth <= (a.ci_high or 0.0)
            elif a.verdict != "not enough data":
                others += 1
                false += a.verdict == "likely"
    return found / seeds, false / max(others, 1), flagged / seeds, covered / seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="synthetic runners per feature")
    parser.add_argument("--days", type=int, default=120, help="days of data per runner")
    parser.add_argument("--size", type=float, default=1.5, help="planted points of pain")
    parser.add_argument("--repeat", type=int, default=20, help="timed calls for three years")
    parser.add_argument(
        "--features", nargs="*", default=list(PLANTABLE), help="features to plant (all by default)"
    )
    args = parser.parse_args()
    print(f"{args.seeds} seeds, {args.days} days, +{args.size:g} points the next morning")
    print(
        f"{'planted feature':<16} {'power':>7} {'likely+possible':>16} {'false likely':>13} "
        f"{'95 % coverage':>14}"
    )
    for feature in args.features:
        power, false, flagged, coverage = power_and_false_positives(
            feature, args.size, args.days, args.seeds
        )
        print(f"{feature:<16} {power:>7.1%} {flagged:>16.1%} {false:>13.2%} {coverage:>14.1%}")
    none_false = none_possible = 0
    none_total = 0
    for seed in range(args.seeds):
        result = insights(simulate_runner(args.days, seed))
        tested = [a for a in result.associations if a.verdict != "not enough data"]
        none_total += len(tested)
        none_false += sum(a.verdict == "likely" for a in tested)
        none_possible += sum(a.verdict == "possible" for a in tested)
    print(f"{'(none planted)':<16} {'':>7} {'':>16} {none_false / max(none_total, 1):>13.2%}")
    print(
        f"no effect planted: {none_possible / max(none_total, 1):.2%} of comparisons called "
        f"possible, {none_possible / args.seeds:.2f} per runner"
    )
    data = simulate_runner(3 * 365, 0, {"uphill": args.size})
    insights(data)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = insights(data)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(
        f"three years ({result.mornings} mornings after runs, {len(result.associations)} "
        f"comparisons): wall median {statistics.median(wall):.0f} ms (best {min(wall):.0f}), "
        f"CPU median {statistics.median(cpu):.0f} ms; target < {TARGET_MS:.0f} ms"
    )


if __name__ == "__main__":
    main()
