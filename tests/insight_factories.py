"""A synthetic runner with a planted effect, written into a real store (runs and check-ins)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from achillescare.demo.planted import simulate_runner, store_simulated
from achillescare.domain.runner import Runner
from achillescare.storage.db import Store


def store_planted_runner(
    store: Store,
    runner: Runner,
    days: int = 120,
    seed: int = 5,
    planted: Mapping[str, float] | None = None,
) -> None:
    """``days`` days ending yesterday, with ``planted`` effects (default: +1.5 points of pain
    the morning after ≥ 150 m uphill)."""
    start = datetime.now(UTC).date() - timedelta(days=days + 1)
    effects = {"uphill": 1.5} if planted is None else planted
    store_simulated(store, runner.id, simulate_runner(days, seed, effects, start=start))
