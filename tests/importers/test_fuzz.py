"""The fuzz suite in CI: seeded mutations of real FIT, GPX and TCX files, each batch imported in
a subprocess. No signal, no traceback, one one-line reason per file not imported, and nothing
implausible stored. Longer runs: ``scripts/fuzz --minutes 30`` (same engine, more seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.fuzzing import SOURCES, run_batch

SEEDS = (1, 2)
BATCH = 50


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", list(SOURCES))
def test_mutated_watch_files_never_crash_the_import_nor_store_the_implausible(
    kind: str, seed: int, tmp_path: Path
) -> None:
    result = run_batch(kind, seed, BATCH, tmp_path)
    assert result.problems == [], (result.problems, result.files)
    summary = result.summary
    accounted = (
        len(summary["imported_sources"])
        + len(summary["duplicates"])
        + len(summary["failed"])
        + len(summary["not_activities"])
    )
    assert accounted >= len(result.files)  # every file has a result (a TCX may hold several)
