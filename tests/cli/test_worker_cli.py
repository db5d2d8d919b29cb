"""``achilles worker`` needs a PostgreSQL store: on SQLite it says why, and that serve imports."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app


def test_a_worker_on_sqlite_is_refused_with_the_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "a.db"), "worker"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())  # the console wraps long lines
    assert "needs a PostgreSQL store" in said
    assert "achilles serve imports uploads itself" in said
