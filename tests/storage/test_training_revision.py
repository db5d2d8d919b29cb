"""Cached training facts: served only while the runner's training inputs are unchanged.

Every write to a runner's runs, fast features or exercise log bumps ``training_revision`` in the
same transaction; the daily decision's training facts are cached per revision. These tests
write through each path (including another open store, as a CLI import beside a running
server would) and check the next decision sees the change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from achillescare.domain.activity.streams import FEATURES_VERSION
from achillescare.domain.decision.daily import TrainingFacts
from achillescare.domain.decision.inputs import training_from_series
from achillescare.domain.program.adherence import AdherenceEntry
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.services import checkins
from achillescare.services.caches import training_cache
from achillescare.services.decisions import decide_for
from achillescare.services.importing import (
    import_paths,
    refresh_fast_threshold,
    update_outdated_features,
)
from achillescare.services.load import runner_series
from achillescare.services.programs import record_done
from achillescare.services.runners import runner_today
from achillescare.services.training import training_facts
from achillescare.storage.db import Store, open_store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from tests.conftest import TEST_DATA
from tests.storage.test_store import make_activity

FIT_RUN = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"


def checkin(runner: Runner, **values: object) -> dict[str, object]:
    return {"date": runner_today(runner).isoformat(), "side": "left"} | values


def revision(store: Store, runner: Runner) -> int:
    with store.session() as session:
        found = runners_repo.training_revision(session, runner.id)
    assert found is not None
    return found


def add_runs(store: Store, runner: Runner, days_ago: list[int], distance_m: float) -> None:
    today = runner_today(runner)
    with store.session() as session:
        for n in days_ago:
            start = datetime.combine(today - timedelta(days=n), time(7), UTC)
            activities_repo.add(
                session,
                runner.id,
                make_activity(start_utc=start, distance_m=distance_m, content_sha256=f"{n:064d}"),
            )


def fresh_facts(store: Store, runner: Runner) -> TrainingFacts:
    """The facts computed from scratch, bypassing the cache."""
    day = runner_today(runner)
    return training_from_series(runner_series(store, runner, day), day, runner.units)


def test_every_write_to_training_inputs_bumps_the_revision(any_store: Store, make_runner) -> None:
    runner = make_runner(any_store)
    assert revision(any_store, runner) == 0
    add_runs(any_store, runner, [3, 2], 8_000)
    assert revision(any_store, runner) == 2
    report = import_paths(any_store, runner.name, [FIT_RUN])
    assert len(report.imported) == 1
    after_import = revision(any_store, runner)
    assert after_import >= 3
    refresh_fast_threshold(any_store, report.runner, force=True)  # recomputes fast features
    after_features = revision(any_store, runner)
    assert after_features == after_import + 1
    record_done(any_store, runner, AdherenceEntry(runner_today(runner), "prevention"))
    assert revision(any_store, runner) == after_features + 1
    checkins.record_checkin(any_store, runner, checkin(runner, morning_pain=2))
    assert revision(any_store, runner) == after_features + 1  # a check-in is not a training input


def test_a_second_decision_reads_no_run_again(any_store: Store, make_runner) -> None:
    runner = make_runner(any_store)
    add_runs(any_store, runner, list(range(40, 0, -2)), 8_000)
    day = runner_today(runner)
    first = training_facts(any_store, runner, day)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(any_store.engine, "before_cursor_execute", record)
    try:
        again = training_facts(any_store, runner, day)
    finally:
        event.remove(any_store.engine, "before_cursor_execute", record)
    assert again is first
    assert not [s for s in statements if "FROM activities" in s]
    assert len(statements) == 1  # the revision alone
    assert first == fresh_facts(any_store, runner)


def test_a_run_imported_by_another_process_changes_the_next_decision(
    any_store: Store, make_runner
) -> None:
    """The web server holds the cache; the CLI imports through its own store (connection)."""
    runner = make_runner(any_store)
    add_runs(any_store, runner, [28, 21, 14, 7], 6_000)
    checkins.record_checkin(any_store, runner, checkin(runner, morning_pain=1))
    before = decide_for(any_store, runner)
    assert "TRAIN-1" not in {r.rule for r in before.reasons}
    other = open_store(any_store.engine.url.render_as_string(hide_password=False))
    try:
        add_runs(other, runner, [1], 30_000)  # a long-run spike, written elsewhere
    finally:
        other.close()
    after = decide_for(any_store, runner)
    assert training_facts(any_store, runner, runner_today(runner)).last_run_m == 30_000
    assert after.to_json()["signals"] != before.to_json()["signals"]
    assert training_facts(any_store, runner, runner_today(runner)) == fresh_facts(any_store, runner)


def test_the_runner_s_units_and_threshold_are_part_of_the_key(store: Store, make_runner) -> None:
    runner = make_runner(store)
    add_runs(store, runner, [9, 5, 2], 10_000)
    day = runner_today(runner)
    in_km = training_facts(store, runner, day)
    in_miles = training_facts(store, replace(runner, units=Units.MI), day)
    assert in_km is not in_miles
    assert [s.explanation for s in in_km.signals] != [s.explanation for s in in_miles.signals]
    assert len(training_cache(store)) == 2


def test_exercise_pain_is_read_fresh_on_every_decision(store: Store, make_runner) -> None:
    """Pain during recovery exercise > 5/10 (PM-EX) turns the next decision to modify."""
    runner = make_runner(store)
    add_runs(store, runner, [6, 4, 2], 6_000)
    today = runner_today(runner)
    checkins.record_checkin(store, runner, checkin(runner, morning_pain=0, ran=False))
    calm = decide_for(store, runner)
    record_done(
        store,
        runner,
        AdherenceEntry(today, "recovery", "eccentric_heel_drop_straight", pain_during=7),
    )
    sore = decide_for(store, runner)
    assert "PM-EX" not in {r.rule for r in calm.reasons}
    assert "PM-EX" in {r.rule for r in sore.reasons}
    assert sore.decision == "modify"


def test_a_cache_is_per_store(tmp_path: Path, make_runner) -> None:
    first, second = open_store(str(tmp_path / "a.db")), open_store(str(tmp_path / "b.db"))
    try:
        assert training_cache(first) is not training_cache(second)
        assert training_cache(first) is training_cache(first)
    finally:
        first.close()
        second.close()


def test_runs_stored_by_an_older_method_are_recomputed_once(any_store: Store, make_runner) -> None:
    """Fast time and strides stored by the old speed-channel method (features version 1) are
    recomputed from the stored streams when the server starts or the next import runs."""
    runner = make_runner(any_store, fast_speed_m_s=2.5)
    import_paths(any_store, runner.name, [FIT_RUN])
    with any_store.session() as session:
        [now] = activities_repo.list_for_runner(session, runner.id)
        assert runners_repo.features_version(session, runner.id) == FEATURES_VERSION
        assert now.id is not None
        activities_repo.set_fast_features(session, runner.id, [(now.id, 1.0, 2.0, 99)])
        runners_repo.set_features_version(session, runner.id, 1)
    before = revision(any_store, runner)
    assert update_outdated_features(any_store) == 1
    with any_store.session() as session:
        [again] = activities_repo.list_for_runner(session, runner.id)
        assert runners_repo.features_version(session, runner.id) == FEATURES_VERSION
    # the same figures as at import (from the stored float32 streams: equal to 0.01 m)
    assert (again.fast_s, again.strides) == (now.fast_s, now.strides)
    assert again.fast_m == pytest.approx(now.fast_m, abs=0.01)
    assert again.strides != 99
    assert revision(any_store, runner) > before  # cached training facts are dropped too
    assert update_outdated_features(any_store) == 0
