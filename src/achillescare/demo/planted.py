"""Synthetic runners with a planted effect of known size: how the insights are validated.

A runner runs on about 70 % of days; each run has a distance, uphill metres, fast minutes,
strides, a surface and one of two shoes (each replaced by a new pair every 600 km). Mornings
follow a first-order autoregressive process — a bad morning tends to be followed by another, as
real symptom diaries do — plus a small effect of distance and whatever effect is planted: e.g.
``{"uphill": 1.5}`` adds 1.5 points of morning pain the day after a run with ≥ 150 m uphill.
About 10 % of mornings are not answered. Shared by the tests and ``benchmarks/insights_power.py``;
:func:`store_simulated` writes such a runner into a store (the clinic summary's tests and
``benchmarks/clinic_insights_bench.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.insights.exposures import (
    FAST_MIN,
    LONG_RUN_MIN_RUNS,
    LONG_RUN_RATIO,
    LONG_RUN_WINDOW_DAYS,
    STRIDES_MIN,
    UPHILL_M,
)
from achillescare.domain.insights.inputs import InsightInput, InsightRun, Morning
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import symptoms as symptoms_repo

PLANTABLE = ("uphill", "fast", "strides", "long_run")
AR_COEFFICIENT = 0.6
"""Day-to-day persistence of the morning symptom level."""
PAIN_NOISE = 0.8
STIFFNESS_NOISE = 5.0
DISTANCE_PAIN_PER_KM = 0.03
"""A small distance effect, so that features that travel with distance need adjusting for it."""
SHOE_LIFE_M = 600_000.0


def simulate_runner(
    days: int,
    seed: int,
    planted: Mapping[str, float] | None = None,
    *,
    planted_stiffness: Mapping[str, float] | None = None,
    start: date = date(2024, 1, 1),
    missing: float = 0.1,
) -> InsightInput:
    """``days`` days of one synthetic runner; ``planted`` maps a feature of :data:`PLANTABLE` to
    the points of next-morning pain it adds (``planted_stiffness``: minutes of stiffness)."""
    pain_effects = dict(planted or {})
    stiffness_effects = dict(planted_stiffness or {})
    rng = np.random.default_rng(seed)
    runs: list[InsightRun] = []
    pain_bump = np.zeros(days + 1)
    stiff_bump = np.zeros(days + 1)
    shoe_km = {"Pegasus": float(rng.uniform(0, 500_000)), "Kinvara": float(rng.uniform(0, 500_000))}
    drops = {"Pegasus": 10.0, "Kinvara": 4.0}
    recent: list[tuple[int, float]] = []
    prevention: list[date] = []
    for t in range(days):
        day = start + timedelta(days=t)
        if rng.random() < 0.5:
            prevention.append(day)
        if rng.random() >= 0.7:
            continue
        distance = float(rng.lognormal(np.log(8000.0), 0.25))
        if rng.random() < 0.15:
            distance *= 1.6
        hilly = rng.random() < 0.3 + 0.2 * (distance > 10_000)
        uphill = float(rng.uniform(UPHILL_M + 10, 400) if hilly else rng.uniform(0, UPHILL_M - 10))
        fast = float(rng.uniform(FAST_MIN + 0.5, 15) if rng.random() < 0.3 else rng.uniform(0, 4))
        strides = int(rng.integers(STRIDES_MIN, 9)) if rng.random() < 0.25 else 0
        shoe = "Pegasus" if rng.random() < 0.5 else "Kinvara"
        if shoe_km[shoe] >= SHOE_LIFE_M:
            shoe_km[shoe] = 0.0
        before = shoe_km[shoe]
        shoe_km[shoe] += distance
        surface = str(rng.choice(["road", "trail", "track"], p=[0.6, 0.3, 0.1]))
        runs.append(
            InsightRun(
                date=day,
                distance_m=distance,
                duration_s=distance / 3.0,
                uphill_m=uphill,
                fast_s=fast * 60.0,
                strides=strides,
                surface=surface,
                shoe=shoe,
                shoe_distance_before_m=before,
                shoe_drop_mm=drops[shoe],
            )
        )
        window = [km for day_run, km in recent if day_run >= t - LONG_RUN_WINDOW_DAYS]
        usual = float(np.median(window)) if len(window) >= LONG_RUN_MIN_RUNS else None
        exposed = {
            "uphill": uphill >= UPHILL_M,
            "fast": fast >= FAST_MIN,
            "strides": strides >= STRIDES_MIN,
            "long_run": usual is not None and distance >= LONG_RUN_RATIO * usual,
        }
        recent.append((t, distance))
        pain_bump[t + 1] += DISTANCE_PAIN_PER_KM * distance / 1000.0
        for feature, size in pain_effects.items():
            if exposed[feature]:
                pain_bump[t + 1] += size
        for feature, size in stiffness_effects.items():
            if exposed[feature]:
                stiff_bump[t + 1] += size
    level = 0.0
    mornings: list[Morning] = []
    for t in range(days + 1):
        level = AR_COEFFICIENT * level + float(rng.normal())
        if rng.random() < missing:
            continue
        pain = float(np.clip(np.rint(2.0 + PAIN_NOISE * level + pain_bump[t]), 0, 10))
        stiffness = float(max(0.0, np.rint(10.0 + STIFFNESS_NOISE * level + stiff_bump[t])))
        mornings.append(Morning(start + timedelta(days=t), pain, stiffness))
    return InsightInput(tuple(runs), tuple(mornings), tuple(prevention))


def store_simulated(store: Store, runner_id: int, data: InsightInput) -> None:
    """Write a simulated runner's runs (manual, at 07:00 UTC, the shoe as the export's gear
    name) and left-leg mornings into the store, in one transaction."""
    with store.session() as session:
        for run in data.runs:
            activities_repo.add(
                session,
                runner_id,
                Activity(
                    start_utc=datetime.combine(run.date, time(7), UTC),
                    sport="running",
                    distance_m=run.distance_m,
                    duration_s=run.duration_s or 0.0,
                    moving_s=run.duration_s or 0.0,
                    source="synthetic",
                    source_kind="manual",
                    uphill_m=run.uphill_m,
                    fast_s=run.fast_s,
                    strides=run.strides,
                    gear=run.shoe,
                ),
            )
        for morning in data.mornings:
            symptoms_repo.save_checkin(
                session,
                runner_id,
                CheckIn(
                    morning.date,
                    "left",
                    morning_pain=None if morning.pain is None else int(morning.pain),
                    morning_stiffness_min=None
                    if morning.stiffness_min is None
                    else int(morning.stiffness_min),
                ),
            )
