"""Seeding the demo runner into a store (the same function the tests use)."""

from __future__ import annotations

from datetime import date

from achillescare.demo.history import demo_activities
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.services.importing import import_parsed
from achillescare.services.runners import create_runner
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo

DEMO_RUNNER = "Demo runner"
DEMO_FAST_SPEED_M_S = 1000 / 285
"""The demo runner's own fast threshold, 4:45 /km: only their strides count as fast running."""


def seed_demo_runner(store: Store, today: date, *, units: Units = Units.KM) -> tuple[Runner, bool]:
    """The demo runner with twelve weeks of history up to ``today``; (runner, newly seeded)."""
    with store.session() as session:
        existing = runners_repo.find_by_name(session, DEMO_RUNNER)
    if existing is not None:
        return existing, False
    runner = create_runner(
        store,
        DEMO_RUNNER,
        units=units.value,
        birth_year=1984,
        sex="female",
        weekly_volume_m=35_000.0,
        fast_speed_m_s=DEMO_FAST_SPEED_M_S,
    )
    report = import_parsed(store, runner, demo_activities(today), source_kind="demo")
    return report.runner, True
