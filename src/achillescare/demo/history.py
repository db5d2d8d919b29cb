"""The demo runner: a realistic, reproducible training history, shared by the demo and the tests.

Twelve weeks of a recreational runner (four runs a week: easy runs, a hilly run, a run with
strides, a Sunday long run), ending with a jump in volume and a long run well beyond the previous
month's longest — the pattern the single-run-spike signal exists to catch (Frandsen et al. 2025).
Recorded-like 1 Hz streams are synthesised with a fixed seed, so every run of the demo and every
test sees the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from achillescare.domain.activity.records import FileSummary, ParsedActivity, Streams


@dataclass(frozen=True, slots=True)
class PlannedRun:
    day: date
    distance_m: float
    speed_m_s: float
    hill_amplitude_m: float = 0.0
    strides: int = 0
    name: str = "Easy run"


def demo_plan(today: date, weeks: int = 12) -> list[PlannedRun]:
    """The runs of the demo history, ending the day before ``today``."""
    first_monday = today - timedelta(days=today.weekday() + 7 * weeks)
    runs: list[PlannedRun] = []
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        spike = week >= weeks - 1
        base = 6_000 + 150 * week
        long_run = 12_000 + 400 * week + (7_000 if spike else 0)
        runs += [
            PlannedRun(monday + timedelta(days=1), base, 2.85),
            PlannedRun(monday + timedelta(days=2), base + 1_000, 2.8, hill_amplitude_m=25.0,
                       name="Hilly run"),
            PlannedRun(monday + timedelta(days=4), base, 2.85, strides=6, name="Easy + strides"),
            PlannedRun(monday + timedelta(days=6), long_run, 2.75, name="Long run"),
        ]  # fmt: skip
    return [run for run in runs if run.day < today]


def synthesise(run: PlannedRun, seed: int) -> ParsedActivity:
    """A 1 Hz recording of a planned run: speed, distance, altitude, heart rate, cadence."""
    rng = np.random.default_rng(seed)
    seconds = int(run.distance_m / run.speed_m_s)
    t = np.arange(seconds, dtype=np.float64)
    speed = run.speed_m_s + 0.06 * np.sin(t / 90.0) + rng.normal(0.0, 0.05, seconds)
    for k in range(run.strides):
        stride = seconds - 600 + k * 80
        speed[stride : stride + 20] = run.speed_m_s * 1.75
    distance = np.cumsum(speed)
    distance *= run.distance_m / distance[-1]
    altitude = 120.0 + run.hill_amplitude_m * (1 - np.cos(2 * np.pi * distance / 2_000.0))
    heart_rate = (
        128 + 14 * (speed - run.speed_m_s) / 0.5 + t / seconds * 8 + rng.normal(0, 1.5, seconds)
    )
    cadence = 166 + 6 * (speed - run.speed_m_s) + rng.normal(0, 1.0, seconds)
    start = datetime.combine(run.day, time(7, 0), UTC) + timedelta(minutes=int(rng.integers(0, 50)))
    streams = Streams(
        time_s=t,
        distance_m=distance,
        altitude_m=altitude,
        speed_m_s=speed,
        heart_rate_bpm=np.round(heart_rate),
        cadence_spm=np.round(cadence),
    )
    return ParsedActivity(
        start_utc=start,
        sport="running",
        summary=FileSummary(
            distance_m=float(distance[-1]), elapsed_s=float(seconds), moving_s=float(seconds)
        ),
        streams=streams,
        utc_offset_s=3600,
        name=run.name,
        device="AchillesCare demo",
    )


def demo_activities(today: date, weeks: int = 12) -> list[ParsedActivity]:
    """The demo history as parsed activities, oldest first (deterministic for a given ``today``)."""
    return [synthesise(run, seed=i) for i, run in enumerate(demo_plan(today, weeks))]
