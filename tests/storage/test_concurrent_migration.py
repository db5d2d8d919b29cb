"""Several processes opening one new store at once: one migrates, the others wait and find the
schema current. Before the migration lock, two servers started together on an empty PostgreSQL
schema both created the tables and one died with a duplicate ``alembic_version``; on SQLite the
losers met ``_alembic_tmp_runners already exists``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from achillescare.storage.db import migration_heads, open_store

OPEN = "import sys; from achillescare.storage.db import open_store; open_store(sys.argv[1]).close()"
PROCESSES = 4


def _open_together(target: str) -> list[tuple[int, str]]:
    started = [
        subprocess.Popen([sys.executable, "-c", OPEN, target], stderr=subprocess.PIPE, text=True)
        for _ in range(PROCESSES)
    ]
    results = []
    for process in started:
        _, stderr = process.communicate(timeout=120)
        results.append((process.returncode, stderr))
    return results


def _assert_all_opened_and_migrated(results: list[tuple[int, str]], target: str) -> None:
    failures = [stderr.strip().splitlines()[-1] for code, stderr in results if code != 0]
    assert not failures, failures
    store = open_store(target)
    try:
        with store.engine.connect() as connection:
            versions = {
                row[0]
                for row in connection.execute(text("select version_num from alembic_version"))
            }
        assert versions == migration_heads()
    finally:
        store.close()


def test_processes_opening_a_new_sqlite_file_together_all_succeed(tmp_path: Path) -> None:
    target = str(tmp_path / "new.db")
    _assert_all_opened_and_migrated(_open_together(target), target)


def test_processes_opening_an_empty_postgresql_schema_together_all_succeed(
    empty_pg_schema: str,
) -> None:
    _assert_all_opened_and_migrated(_open_together(empty_pg_schema), empty_pg_schema)
