"""A watched folder per runner, set on the server (``achilles runner set --watch-folder``): the
server imports what lands in each runner's folder for that runner; of several processes on one
PostgreSQL store, only one watches."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.importing import ImportReport
from achillescare.services.watching import (
    WATCHER_LOCK,
    set_watch_folder,
    watch_runner_folders,
    watched_folders,
)
from achillescare.storage.db import Store, exclusive
from tests.conftest import TEST_DATA, MakeRunner

RUN = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
WALK = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-walk.fit"


def test_each_runners_folder_is_imported_for_that_runner(
    store: Store, make_runner: MakeRunner, tmp_path: Path
) -> None:
    ana, bo = make_runner(store, "Ana"), make_runner(store, "Bo")
    (tmp_path / "ana").mkdir()
    (tmp_path / "bo").mkdir()
    set_watch_folder(store, ana, tmp_path / "ana")
    set_watch_folder(store, bo, tmp_path / "bo")
    reports: list[tuple[str, ImportReport]] = []

    def said(runner: Runner, report: ImportReport) -> None:
        reports.append((runner.name, report))

    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_runner_folders,
        args=(store, stop),
        kwargs={"settle_s": 0.3, "on_report": said},
    )
    watcher.start()
    try:
        shutil.copy(RUN, tmp_path / "ana" / "run.fit")
        shutil.copy(WALK, tmp_path / "bo" / "walk.fit")
        deadline = time.monotonic() + 60
        while len(reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert sorted((name, len(r.imported)) for name, r in reports) == [("Ana", 1), ("Bo", 1)]
    assert [a.sport for a in list_activities(store, ana)] == ["running"]
    assert [a.sport for a in list_activities(store, bo)] == ["walking"]


def test_a_folder_that_is_not_there_is_refused_and_one_can_stop_watching(
    store: Store, make_runner: MakeRunner, tmp_path: Path
) -> None:
    ana = make_runner(store)
    with pytest.raises(InvalidInput, match="does not exist"):
        set_watch_folder(store, ana, tmp_path / "missing")
    assert watched_folders(store) == []
    assert set_watch_folder(store, ana, tmp_path) == tmp_path.resolve()
    assert [(r.name, f) for r, f in watched_folders(store)] == [("Ana", tmp_path.resolve())]
    assert set_watch_folder(store, ana, None) is None
    assert watched_folders(store) == []


def test_the_cli_sets_and_clears_a_runners_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "runner", "add", "Ana"]).exit_code == 0
    folder = tmp_path / "sync"
    folder.mkdir()
    set_it = runner.invoke(app, ["--db", db, "runner", "set", "--watch-folder", str(folder)])
    assert set_it.exit_code == 0, set_it.output
    assert "the server imports new files in" in set_it.output
    cleared = runner.invoke(app, ["--db", db, "runner", "set", "--stop-watching"])
    assert "no folder watched" in cleared.output


@pytest.mark.postgres
def test_only_one_process_on_a_postgresql_store_watches(pg_store: Store) -> None:
    """The advisory lock: the second asker is refused while the first holds it, then takes it."""
    with exclusive(pg_store.engine, WATCHER_LOCK) as first:
        assert first
        with exclusive(pg_store.engine, WATCHER_LOCK) as second:
            assert not second
    with exclusive(pg_store.engine, WATCHER_LOCK) as third:
        assert third
