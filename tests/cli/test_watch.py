"""``achilles watch``: files dropped into a folder are imported once they are whole, once."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.services.activities import list_activities
from achillescare.services.importing import ImportReport
from achillescare.services.runners import resolve_runner
from achillescare.services.watching import FolderState, watch_folder
from achillescare.storage.db import Store, open_store
from tests.conftest import TEST_DATA

RUN = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
OTHER_RUN = TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit"


class TestFolderState:
    def test_a_file_is_ready_only_after_it_stopped_changing_for_the_settle_time(self) -> None:
        state = FolderState(settle_s=2.0)
        path = Path("run.fit")
        assert state.ready({path: (100, 1)}, now=0.0) == []
        assert state.ready({path: (200, 2)}, now=1.5) == []  # still growing
        assert state.ready({path: (200, 2)}, now=3.0) == []  # unchanged for 1.5 s only
        assert state.ready({path: (200, 2)}, now=3.6) == [path]

    def test_a_file_read_once_is_read_again_only_when_it_changes(self) -> None:
        state = FolderState(settle_s=0.0)
        path = Path("run.fit")
        state.ready({path: (1, 1)}, now=0.0)
        assert state.ready({path: (1, 1)}, now=0.0) == [path]
        state.mark_read([path], {path: (1, 1)})
        assert state.ready({path: (1, 1)}, now=9.0) == []
        state.ready({path: (2, 2)}, now=9.0)
        assert state.ready({path: (2, 2)}, now=9.0) == [path]


def _write_slowly(source: Path, target: Path, pieces: int, pause_s: float) -> None:
    data = source.read_bytes()
    step = len(data) // pieces + 1
    with target.open("wb") as out:
        for start in range(0, len(data), step):
            out.write(data[start : start + step])
            out.flush()
            time.sleep(pause_s)


def test_the_watcher_imports_a_file_written_in_chunks_once_and_skips_its_copy(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(OTHER_RUN, folder / "already-there.fit")
    (folder / "notes.txt").write_text("not an activity")
    reports: list[ImportReport] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_folder,
        args=(store, "Ana", folder),
        kwargs={"on_report": reports.append, "stop": stop, "settle_s": 0.6},
    )
    watcher.start()
    try:
        _write_slowly(RUN, folder / "morning.fit", pieces=4, pause_s=0.3)
        deadline = time.monotonic() + 60
        while sum(len(r.imported) for r in reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.copy(RUN, folder / "morning-copy.fit")
        while not any(r.duplicates for r in reports) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert not [o for r in reports for o in r.failed], "a half-written file was read"
    imported = sorted(Path(a.source).name for r in reports for a in r.imported)
    assert imported == ["already-there.fit", "morning.fit"]
    assert [Path(o.source).name for r in reports for o in r.duplicates] == ["morning-copy.fit"]
    runner = resolve_runner(store, "Ana")
    assert len(list_activities(store, runner)) == 2


def test_watch_once_imports_what_is_there_and_a_second_run_imports_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "drop"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(RUN, folder / "sub" / "run.fit")
    (folder / ".syncthing.run2.fit.tmp").write_bytes(OTHER_RUN.read_bytes()[:100])
    db = str(tmp_path / "a.db")
    args = ["--db", db, "watch", str(folder), "--once", "--settle", "0", "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["imported"] == 1
    second = CliRunner().invoke(app, args[:-1])
    assert second.exit_code == 0, second.output
    assert "Nothing new" in second.output or "already there" in second.output
    store = open_store(db)
    try:
        [runner] = [resolve_runner(store, None)]
        assert len(list_activities(store, runner)) == 1
    finally:
        store.close()


def test_watching_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "a.db"), "watch", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2
    assert "nope does not exist" in " ".join(result.output.split())
