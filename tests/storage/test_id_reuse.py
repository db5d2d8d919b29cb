"""Ids are never handed out twice: SQLite tables that stand for something a cache or a user
refers to by id say AUTOINCREMENT, and the migration that rebuilds them keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from achillescare.services.runners import create_runner, delete_runner
from achillescare.storage.db import Store, alembic_config, open_store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from tests.storage.test_store import make_activity

CHILDREN = (
    "activities",
    "activity_streams",
    "checkins",
    "checkin_edits",
    "questionnaire_responses",
    "decision_log",
)


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table: connection.execute(text(f"select count(*) from {table}")).scalar_one()
            for table in CHILDREN
        }


def test_a_new_runner_never_gets_the_id_of_a_deleted_one(store: Store) -> None:
    first = create_runner(store, "Ana")
    with store.session() as session:
        activities_repo.add(session, first.id, make_activity())
        run = activities_repo.list_for_runner(session, first.id)[0]
    delete_runner(store, first)
    second = create_runner(store, "Bo")
    with store.session() as session:
        activities_repo.add(session, second.id, make_activity())
        again = activities_repo.list_for_runner(session, second.id)[0]
    assert second.id > first.id
    assert again.id is not None
    assert run.id is not None
    assert again.id > run.id


def test_the_rebuild_keeps_every_row_and_the_cascades(tmp_path: Path) -> None:
    """Rebuilding ``runners`` with foreign keys on would cascade the drop to all their data."""
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    for head in ("0003_programs", "0004_web", "0005_training_revision", "0006_checkin_red_flags"):
        command.upgrade(alembic_config(engine), head)
    now = datetime(2026, 5, 4, 9, 30, tzinfo=UTC).isoformat()
    with engine.begin() as connection:
        connection.exec_driver_sql("pragma foreign_keys=on")
        connection.exec_driver_sql(
            "insert into runners (id, name, units, created_at) values (1, 'Ana', 'km', ?)", (now,)
        )
        connection.exec_driver_sql(
            "insert into activities (id, runner_id, start_utc, utc_offset_s, sport, distance_m,"
            " duration_s, moving_s, source, source_kind, source_index, imported_at)"
            " values (7, 1, ?, 0, 'running', 5000, 1500, 1500, 'old.fit', 'fit', 0, ?)",
            (now, now),
        )
        connection.exec_driver_sql("insert into activity_streams values (7, 1, 3, 'time_s', x'00')")
        connection.exec_driver_sql(
            "insert into checkins (id, runner_id, day, side, revision, tenderness, swelling,"
            " thickening, redness_warmth, pain_on_hopping, pain_built_during_run, pain_at_rest,"
            " night_pain, sudden_pop, cannot_heel_raise, limping, fever_unwell,"
            " numbness_tingling, fluoroquinolone, corticosteroid, created_at, updated_at)"
            " values (3, 1, '2026-05-04', 'left', 2, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, ?, ?)",
            (now, now),
        )
        connection.exec_driver_sql(
            "insert into checkin_edits values (1, 1, 3, 1, '{}', ?, ?)", (now, now)
        )
        connection.exec_driver_sql(
            "insert into questionnaire_responses values"
            " (1, 1, 'visa_a', '1', '2026-05-04', 'left', '{}', 80, null, ?)",
            (now,),
        )
        connection.exec_driver_sql(
            "insert into decision_log values (5, 1, '2026-05-04', 'run', '{}', ?)", (now,)
        )
    engine.dispose()
    upgraded = open_store(str(path))
    try:
        assert _counts(upgraded) == dict.fromkeys(CHILDREN, 1)
        with upgraded.session() as session:
            ana = runners_repo.get(session, 1)
        assert ana is not None
        delete_runner(upgraded, ana)  # foreign keys are on again: the delete cascades
        assert _counts(upgraded) == dict.fromkeys(CHILDREN, 0)
        bo = create_runner(upgraded, "Bo")
        assert bo.id == 2
        with upgraded.session() as session:
            activities_repo.add(session, bo.id, make_activity())
            assert [a.id for a in activities_repo.list_for_runner(session, bo.id)] == [8]
    finally:
        upgraded.close()
