"""A time that is not a time must never take the process down: each file gets one clear result.

Every import runs in a subprocess, so that a crash (NumPy 2.4 segfaults casting a bytes array
with one invalid entry among ≥ ~500 to ``datetime64``) fails the test instead of killing pytest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import TEST_DATA
from tests.importers.crafted import hostile_batch, with_time

KORITA = TEST_DATA / "gpx" / "gpxpy__korita-zbevnica.gpx"  # 871 track points, 514 with a time
CERKNICA = TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx"


def achilles_import(db: Path, *paths: Path) -> tuple[int, dict[str, Any], str]:
    """``achilles --db DB import --json PATHS`` in a subprocess: (exit code, summary, stderr)."""
    command = [sys.executable, "-m", "achillescare.cli", "--db", str(db), "import", "--json"]
    done = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode >= 0, f"killed by signal {-done.returncode}:\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout) if done.stdout.strip() else {}
    return done.returncode, summary, done.stderr


def test_gpx_with_one_unparseable_time_among_600_points_is_imported_without_it_not_a_crash(
    tmp_path: Path,
) -> None:
    crafted = tmp_path / "one-bad-time.gpx"
    crafted.write_bytes(with_time(KORITA.read_bytes(), b"not-a-time", at=300))
    code, summary, _ = achilles_import(tmp_path / "a.db", crafted, CERKNICA)
    assert code == 0
    assert summary["imported"] == 2
    reasons = [w["reason"] for w in summary["warnings"] if w["source"] == str(crafted)]
    assert (
        "1 of 871 points have a time that is not a date (e.g. 'not-a-time') and were left out"
        in reasons
    )


def test_unhandled_time_values_give_each_file_one_result_and_exit_status_1(
    tmp_path: Path,
) -> None:
    files = hostile_batch(tmp_path)
    code, summary, _ = achilles_import(tmp_path / "a.db", *files.values())
    assert code == 1  # some file failed
    failed = {f["source"]: f["reason"] for f in summary["failed"]}
    assert failed == {
        f"{files['runs.csv']} row 3": (
            "row 3: date '0001-01-01T00:00:00+02:00' is outside the years 1–9999"
        )
    }
    results: dict[str, list[str]] = {}
    for source in summary["imported_sources"]:
        results.setdefault(source, []).append("imported")
    for kind in ("duplicates", "failed", "not_activities"):
        for outcome in summary[kind]:
            results.setdefault(outcome["source"], []).append(kind)
    expected = [str(p) for name, p in files.items() if name != "runs.csv"]
    expected += [f"{files['runs.csv']} row 2", f"{files['runs.csv']} row 3"]
    assert sorted(results) == sorted(expected)
    assert all(len(found) == 1 for found in results.values()), results
    warned = {w["source"] for w in summary["warnings"]}
    for name in ("zero.gpx", "minus-year-1.gpx", "offsets.gpx", "zero.tcx"):
        assert str(files[name]) in warned
