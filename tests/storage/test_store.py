"""The store: opening, migrating, runners, activities, export and delete — on real databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, insert, inspect, select, text

from achillescare.domain.activity.dedupe import KnownActivity
from achillescare.domain.activity.records import Activity, Streams
from achillescare.errors import Conflict, InvalidInput, NotFound
from achillescare.services import runners as runner_service
from achillescare.storage.db import (
    Store,
    alembic_config,
    current_revisions,
    database_url,
    migration_heads,
    open_store,
)
from achillescare.storage.models.core import ActivityRow, RunnerRow
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.schema import Base, is_ours

START = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks change in Europe


def make_activity(**overrides: object) -> Activity:
    base = Activity(
        start_utc=START,
        sport="running",
        distance_m=10_000.0,
        duration_s=3_000.0,
        moving_s=2_950.0,
        source="test.fit",
        source_kind="fit",
        utc_offset_s=7200,
        uphill_m=800.0,
        content_sha256="ab" * 32,
        warnings=("bad file CRC: kept 10 records",),
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


class TestOpening:
    def test_it_creates_and_migrates_a_new_sqlite_file(self, tmp_path: Path) -> None:
        store = open_store(str(tmp_path / "new.db"))
        tables = set(inspect(store.engine).get_table_names())
        store.close()
        assert {"runners", "activities", "activity_streams", "alembic_version"} <= tables

    def test_it_refuses_a_folder_or_a_missing_parent_with_a_clear_message(
        self, tmp_path: Path
    ) -> None:
        with pytest.raises(InvalidInput, match="is a folder"):
            database_url(str(tmp_path))
        with pytest.raises(InvalidInput, match="does not exist"):
            database_url(str(tmp_path / "no" / "such.db"))

    def test_it_gives_postgresql_urls_the_psycopg_driver(self) -> None:
        assert database_url("postgresql://u@h/db").startswith("postgresql+psycopg://")

    def test_the_quick_head_check_agrees_with_alembic(self, store: Store) -> None:
        script = ScriptDirectory.from_config(alembic_config(store.engine))
        assert migration_heads() == set(script.get_heads())
        assert current_revisions(store.engine) == migration_heads()

    def test_migrations_match_the_models(self, any_store: Store) -> None:
        """Every model change has its migration: autogenerate finds nothing left to do."""
        with any_store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": is_ours})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []

    def test_upgrading_a_store_from_before_the_training_revision_keeps_its_runs_fresh(
        self, tmp_path: Path
    ) -> None:
        """0005 dates each runner's last training change from their runs already imported, so a
        decision logged before an import that preceded the upgrade still counts as stale."""
        engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
        for before in ("0002_symptoms", "0003_programs", "0004_web"):  # every head but 0005
            command.upgrade(alembic_config(engine), before)
        imported = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
        with engine.begin() as connection:
            connection.execute(  # the runners table as 0001 made it (no training columns)
                text(
                    "insert into runners (id, name, units, created_at) "
                    "values (1, 'Ana', 'km', '2026-05-01'), (2, 'Bo', 'km', '2026-05-01')"
                )
            )
            connection.execute(
                insert(ActivityRow.__table__),  # type: ignore[arg-type]
                {
                    "runner_id": 1, "start_utc": imported, "utc_offset_s": 0, "sport": "running",
                    "distance_m": 5000.0, "duration_s": 1500.0, "moving_s": 1500.0,
                    "source": "old.fit", "source_kind": "fit", "source_index": 0,
                    "imported_at": imported,
                },
            )  # fmt: skip
        engine.dispose()
        upgraded = open_store(str(tmp_path / "old.db"))
        try:
            with upgraded.session() as session:
                rows = session.execute(
                    select(
                        RunnerRow.id,
                        RunnerRow.training_revision,
                        RunnerRow.training_changed_at,
                        RunnerRow.features_version,
                    )
                ).all()
        finally:
            upgraded.close()
        assert sorted(rows) == [(1, 0, imported, 1), (2, 0, None, 1)]  # runs of method 1


class TestRunners:
    def test_it_resolves_the_only_runner_without_a_name(
        self, any_store: Store, make_runner
    ) -> None:
        ana = make_runner(any_store, "Ana", units="mi")
        assert runner_service.resolve_runner(any_store, None) == ana
        assert runner_service.resolve_runner(any_store, "ana").units.value == "mi"

    def test_it_refuses_duplicate_names_case_insensitively(
        self, any_store: Store, make_runner
    ) -> None:
        make_runner(any_store, "Ana")
        with pytest.raises(Conflict, match="already exists"):
            make_runner(any_store, "ANA")

    def test_it_asks_for_a_name_when_there_are_several(self, any_store: Store, make_runner) -> None:
        make_runner(any_store, "Ana")
        make_runner(any_store, "Ben")
        with pytest.raises(InvalidInput, match="several runners"):
            runner_service.resolve_runner(any_store, None)
        with pytest.raises(NotFound, match="no runner named 'Cy'"):
            runner_service.resolve_runner(any_store, "Cy")

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [("units", "furlongs", "km or mi"), ("birth_year", 1850, "not plausible"),
         ("sex", "x", "one of"), ("fast_speed_m_s", -1.0, "positive")],
    )  # fmt: skip
    def test_it_refuses_bad_profiles(
        self, store: Store, field: str, value: object, message: str
    ) -> None:
        with pytest.raises(InvalidInput, match=message):
            runner_service.create_runner(store, "Ana", **{field: value})


class TestActivities:
    def test_an_activity_round_trips_with_its_streams(self, any_store: Store, make_runner) -> None:
        runner = make_runner(any_store)
        activity = make_activity()
        t = np.arange(100, dtype=np.float64)
        streams = Streams(time_s=t, distance_m=t * 3.1, heart_rate_bpm=np.full(100, np.nan))
        with any_store.session() as session:
            activity_id = activities_repo.add(session, runner.id, activity, streams=streams)
        with any_store.session() as session:
            [stored] = activities_repo.list_for_runner(session, runner.id)
            back = activities_repo.streams_of(session, activity_id)
        assert stored == replace(activity, id=activity_id)
        assert stored.start_utc.tzinfo is not None
        assert stored.start_local == datetime(2026, 3, 29, 2, 30)
        assert back is not None
        assert back.distance_m is not None
        assert np.allclose(back.distance_m, t * 3.1, rtol=1e-6)
        assert back.altitude_m is None
        assert np.isnan(back.heart_rate_bpm).all()  # type: ignore[arg-type]

    def test_known_activities_reduce_stored_runs_for_de_duplication(
        self, store: Store, make_runner
    ) -> None:
        runner = make_runner(store)
        with store.session() as session:
            activities_repo.add(session, runner.id, make_activity())
            [known] = activities_repo.known_activities(session, runner.id)
        assert known == KnownActivity(START, 10_000.0, True, "ab" * 32, "test.fit")

    def test_a_failed_transaction_leaves_nothing_half_written(
        self, store: Store, make_runner
    ) -> None:
        runner = make_runner(store)
        t = np.arange(10, dtype=np.float64)
        with pytest.raises(RuntimeError), store.session() as session:  # noqa: PT012  (a crash mid-unit)
            activities_repo.add(session, runner.id, make_activity(), streams=Streams(time_s=t))
            raise RuntimeError("crash between the row and the commit")
        with store.session() as session:
            assert activities_repo.list_for_runner(session, runner.id) == []
            assert activities_repo.known_activities(session, runner.id) == []


class TestOwnership:
    def test_export_holds_every_record_and_delete_removes_them_all(
        self, any_store: Store, make_runner
    ) -> None:
        ana = make_runner(any_store, "Ana")
        ben = make_runner(any_store, "Ben")
        t = np.arange(5, dtype=np.float64)
        with any_store.session() as session:
            activities_repo.add(session, ana.id, make_activity(), streams=Streams(time_s=t))
            activities_repo.add(session, ben.id, make_activity())
        exported = runner_service.export_runner(any_store, ana)
        assert exported["runner"]["name"] == "Ana"
        assert len(exported["tables"]["activities"]) == 1
        assert len(exported["tables"]["activity_streams"]) == 1
        runner_service.delete_runner(any_store, ana)
        with any_store.session() as session:
            assert activities_repo.list_for_runner(session, ana.id) == []
            assert len(activities_repo.list_for_runner(session, ben.id)) == 1
            assert activities_repo.streams_of(session, 1) is None
