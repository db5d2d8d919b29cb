"""``achilles activities`` fits the terminal (``COLUMNS``): columns are left out and named, text
wraps at word boundaries, and no cell is cut; the id, which ``activities show``, ``edit`` and
``delete`` take, is always there, whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app


def achilles(db: Path, columns: int, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo runner's twelve weeks of runs, written by ``achilles demo``."""
    db = tmp_path_factory.mktemp("width") / "achilles.db"
    achilles(db, 200, "demo")
    return db


def _ids(db: Path) -> list[int]:
    return [a["id"] for a in json.loads(achilles(db, 200, "activities", "--json"))]


def _first_cells(table: str) -> list[str]:
    """The first cell of each line of the table's body (between the rule and the caption)."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"}) + 1
    cells = []
    for line in lines[start:]:
        if not line.strip():
            break
        cells.append(line.split()[0])
    return cells


def test_at_60_columns_no_line_is_wider_and_no_cell_is_cut(demo_db: Path) -> None:
    table = achilles(demo_db, 60, "activities")
    assert max(len(line) for line in table.splitlines()) <= 60
    assert "…" not in table
    assert _first_cells(table) == [str(i) for i in _ids(demo_db)]
    assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", table)  # dates whole
    caption = " ".join(table.split())
    assert "not shown, for want of width: fast, spm, HR (see --json)" in caption


def test_a_wide_terminal_shows_every_column_and_leaves_none_out(demo_db: Path) -> None:
    table = achilles(demo_db, 200, "activities")
    header = next(line for line in table.splitlines() if line.split()[:2] == ["id", "date"])
    assert header.split() == ["id", "date", "km", "/km", "time", "climb", "uphill", "fast",
                              "spm", "HR"]  # fmt: skip
    assert "not shown" not in table


def test_on_a_terminal_too_narrow_for_the_kept_columns_the_id_stays_whole(
    demo_db: Path,
) -> None:
    """Other cells fold onto a second line; the id column never shrinks below its ids."""
    table = achilles(demo_db, 30, "activities")
    assert "…" not in table
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"}) + 1
    id_column = [line[:4].strip() for line in lines[start:] if line[:4].strip()]
    assert id_column[: len(_ids(demo_db))] == [str(i) for i in _ids(demo_db)]


def test_the_plan_wraps_at_word_boundaries_each_item_under_its_own_text(demo_db: Path) -> None:
    """At 60 columns the plan says word for word what it says at 200, every line fits, and an
    exercise's further lines sit under its text, not under the bullet."""
    achilles(demo_db, 200, "program", "start", "--location", "mid_portion", "--leg", "left")
    wide, narrow = achilles(demo_db, 200, "plan"), achilles(demo_db, 60, "plan")
    assert narrow.split() == wide.split()
    lines = narrow.splitlines()
    assert max(len(line) for line in lines) <= 60
    items = [i for i, line in enumerate(lines) if line.startswith("    - ")]
    assert len(items) >= 3
    wrapped = [lines[i + 1] for i in items if i + 1 < len(lines) and lines[i + 1].strip()]
    continued = [line for line in wrapped if not line.startswith(("    - ", "No ", "Mod"))]
    assert continued, "no exercise wrapped at 60 columns: the test proves nothing"
    assert all(line.startswith("      ") for line in continued), continued
