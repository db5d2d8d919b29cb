"""A fast pace no runner can have is refused with a reason, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_import_cli import achilles


def test_a_fast_pace_of_0_01_is_refused_and_the_setting_kept(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert achilles(db, "runner", "add", "Ana", "--fast-pace", "4:30")[0] == 0
    code, output = achilles(db, "--runner", "Ana", "runner", "set", "--fast-pace", "0:01")
    assert code != 0
    assert "a fast pace of 3,600 km/h is faster than anyone runs (the limit is 43 km/h)" in output
    code, output = achilles(db, "runner", "add", "Bo", "--fast-pace", "0:01")
    assert code != 0
    assert "faster than anyone runs" in output
    code, output = achilles(db, "--runner", "Ana", "runner", "set", "--fast-pace", "3:00")
    assert code == 0, output  # a very fast but human pace is accepted
