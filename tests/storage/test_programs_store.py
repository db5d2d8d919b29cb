"""Self-tests, the adherence log and program states round-trip through SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.program.adherence import AdherenceEntry
from achillescare.domain.program.plan import RunningWeek
from achillescare.domain.risk.profile import RunnerHistory
from achillescare.services import programs
from achillescare.storage.db import Store
from achillescare.storage.models.core import RunnerRow
from achillescare.storage.models.programs import AdherenceRow, ProgramStateRow, SelfTestRow
from tests.conftest import MakeRunner

DAY = date(2026, 11, 2)


def test_self_tests_round_trip(any_store: Store, make_runner: MakeRunner) -> None:
    """A stored result reads back equal, oldest first, with its faults and affected leg."""
    runner = make_runner(any_store)
    later = SelfTestResult(
        "step_down_quality", DAY, 2, 0, "left", ("knee_in", "pelvis_drop"), (), 3, "mirror"
    )
    earlier = SelfTestResult("heel_raise_straight", DAY - timedelta(days=14), 18.0, 26.0, "left")
    stored = [programs.record_self_test(any_store, runner, r) for r in (later, earlier)]
    assert all(r.id is not None for r in stored)
    assert programs.self_tests(any_store, runner) == [stored[1], stored[0]]
    assert replace(stored[0], id=None) == later


def test_adherence_round_trips_and_filters_by_date(
    any_store: Store, make_runner: MakeRunner
) -> None:
    """Log entries read back equal (apart from id and timestamp) and filter by day."""
    runner = make_runner(any_store)
    entry = AdherenceEntry(
        DAY, "recovery", "eccentric_heel_drop_straight", 4, 6.5, 20.0, 3, 15, 5.0, "ok"
    )
    stored = programs.record_done(any_store, runner, entry)
    programs.record_done(any_store, runner, AdherenceEntry(DAY - timedelta(days=20), "prevention"))
    assert stored.recorded_at is not None
    assert replace(stored, id=None, recorded_at=None) == entry
    assert programs.adherence(any_store, runner, since=DAY - timedelta(days=1)) == [stored]
    assert programs.prevention_days(any_store, runner) == [DAY - timedelta(days=20)]


def test_program_states_keep_their_history(any_store: Store, make_runner: MakeRunner) -> None:
    """Each change is a new row; the newest is in force; the running week and answers survive."""
    runner = make_runner(any_store)
    week = RunningWeek.parse("tue,thu,sun", long_day="sun", hard_days="thu")
    first = programs.start_program(
        any_store, runner, location="mid_portion", started_on=DAY, affected="left",
        running_week=week, history=RunnerHistory(True, False),
    )  # fmt: skip
    second = programs.change_program(any_store, runner, "switch protocol", protocol="alfredson")
    history = programs.program_history(any_store, runner)
    assert [s.protocol for s in history] == ["hsr", "alfredson"]
    assert programs.current_program(any_store, runner) == second
    assert first.running_week == week
    assert second.history == RunnerHistory(True, False)
    assert first.changed_at is not None
    assert second.changed_at is not None
    assert second.changed_at >= first.changed_at
    back = replace(second, protocol="hsr", changed_at=first.changed_at, reason=first.reason)
    assert replace(back, rule_ids=first.rule_ids, id=first.id) == first


def test_deleting_the_runner_removes_their_program_data(
    store: Store, make_runner: MakeRunner
) -> None:
    """Every programs table has a runner_id column with ON DELETE CASCADE."""
    runner = make_runner(store)
    programs.record_self_test(store, runner, SelfTestResult("knee_to_wall", DAY, 10, 11))
    programs.record_done(store, runner, AdherenceEntry(DAY, "recovery", pain_during=2))
    programs.start_program(store, runner, location="none", started_on=DAY)
    with store.session() as session:
        session.delete(session.get(RunnerRow, runner.id))
    with store.session() as session:
        for table in (SelfTestRow, AdherenceRow, ProgramStateRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0
