"""A crash mid-import loses nothing already imported and leaves nothing half-written."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from tests.conftest import REPO, TEST_DATA

sys.path.insert(0, str(REPO / "benchmarks"))
from retime_fit import retime_fit

FILES = 150


def _counts(db: Path) -> tuple[int, int]:
    """(activities, activities with streams), read with plain sqlite3, as a stranger would."""
    with closing(sqlite3.connect(db)) as connection:
        activities = connection.execute("select count(*) from activities").fetchone()[0]
        with_streams = connection.execute(
            "select count(*) from activities a join activity_streams s on s.activity_id = a.id"
        ).fetchone()[0]
    return activities, with_streams


def test_a_killed_import_keeps_whole_activities_and_a_rerun_completes(tmp_path: Path) -> None:
    source = (TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit").read_bytes()
    history = tmp_path / "history"
    history.mkdir()
    for i in range(FILES):
        (history / f"run_{i:04d}.fit").write_bytes(retime_fit(source, (i + 1) * 86_400))
    db = tmp_path / "x.db"
    command = [sys.executable, "-m", "achillescare.cli", "--db", str(db), "import", "-q"]
    process = subprocess.Popen(
        [*command, str(history)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _activity_count(db) >= 10:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    imported, with_streams = _counts(db)
    assert 10 <= imported < FILES
    assert with_streams == imported  # every stored run has its streams: nothing half-written

    rerun = subprocess.run([*command, str(history)], capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _counts(db) == (FILES, FILES)


def _activity_count(db: Path) -> int:
    try:
        return _counts(db)[0]
    except sqlite3.OperationalError:  # the schema is still being created
        return 0
