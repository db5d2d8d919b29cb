"""Wellness days in a real store (SQLite, and PostgreSQL when it is there): one per runner,
service and day, a later sync of the day replacing it, in the runner's export, gone with the
runner."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from achillescare.domain.sync.wellness import WellnessDay
from achillescare.services.runners import delete_runner, export_runner
from achillescare.storage.db import Store
from achillescare.storage.repos import wellness as wellness_repo
from tests.conftest import MakeRunner

DAY = date(2025, 3, 2)


def test_a_day_synced_again_replaces_the_first_answer(
    any_store: Store, make_runner: MakeRunner
) -> None:
    ana = make_runner(any_store, "Ana")
    with any_store.session() as session:
        wellness_repo.put_many(session, ana.id, [WellnessDay(DAY, "intervals", resting_hr_bpm=50)])
        written = wellness_repo.put_many(
            session, ana.id, [WellnessDay(DAY, "intervals", resting_hr_bpm=47, sleep_h=7.25)]
        )
    assert written == 1
    with any_store.session() as session:
        [day] = wellness_repo.for_runner(session, ana.id)
    assert day == WellnessDay(DAY, "intervals", resting_hr_bpm=47, sleep_h=7.25)


def test_the_days_are_exported_and_deleted_with_the_runner(
    any_store: Store, make_runner: MakeRunner
) -> None:
    ana, bo = make_runner(any_store, "Ana"), make_runner(any_store, "Bo")
    with any_store.session() as session:
        for runner in (ana, bo):
            wellness_repo.put_many(session, runner.id, [WellnessDay(DAY, "intervals", hrv_ms=64)])
    exported = export_runner(any_store, ana)["tables"]["wellness_days"]
    assert [(d["day"], d["hrv_ms"]) for d in exported] == [("2025-03-02", 64)]
    delete_runner(any_store, ana)
    with any_store.session() as session:
        left = session.execute(text("select runner_id from wellness_days")).scalars().all()
    assert left == [bo.id]
