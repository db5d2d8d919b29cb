"""A synthetic runner with a planted effect, written into a real store (runs and check-ins)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from achillescare.demo.planted import simulate_runner
from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.runner import Runner
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import symptoms as symptoms_repo


def store_planted_runner(store: Store, runner: Runner, days: int = 120, seed: int = 5) -> None:
    """``days`` days ending yesterday, +1.5 points of pain the morning after ≥ 150 m uphill."""
    start = datetime.now(UTC).date() - timedelta(days=days + 1)
    data = simulate_runner(days, seed, {"uphill": 1.5}, start=start)
    with store.session() as session:
        for run in data.runs:
            activities_repo.add(
                session,
                runner.id,
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
                runner.id,
                CheckIn(
                    morning.date,
                    "left",
                    morning_pain=None if morning.pain is None else int(morning.pain),
                    morning_stiffness_min=None
                    if morning.stiffness_min is None
                    else int(morning.stiffness_min),
                ),
            )
