"""``achilles shoes`` on a real SQLite store holding the real Strava export of the corpus: add
pairs (the reminder in the runner's units), list them as a table and as JSON, put runs in one,
retire, delete (its runs stay, in no shoe), and one plain line for a bad value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from achillescare.cli.main import app
from tests.conftest import corpus_dir


def achilles(db: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=input, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def listed(db: Path) -> list[dict[str, Any]]:
    code, out, err = achilles(db, "shoes", "list", "--json")
    assert code == 0, err
    found: list[dict[str, Any]] = json.loads(out)
    return found


def test_a_runner_in_miles_adds_assigns_retires_and_deletes_shoes(tmp_path: Path) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana", "--units", "mi")[0] == 0
    code, out, err = achilles(db, "shoes", "add", "Pegasus blue", "--brand", "Nike", "--model",
                              "Pegasus 41", "--drop", "10", "--reminder", "400",
                              "--default-for", "running")  # fmt: skip
    assert code == 0, err
    assert "Added shoe 1: Pegasus blue (Nike Pegasus 41)." in out
    export = corpus_dir("exports") / "sportiva__export.zip"
    assert achilles(db, "import", "--quiet", str(export))[0] == 0
    [pegasus] = listed(db)
    assert pegasus["reminder_m"] == 400 * 1609.344  # miles, as the runner's setting
    assert pegasus["activities"] == 15
    assert pegasus["default_sports"] == ["running"]

    assert achilles(db, "shoes", "add", "Zero", "--drop", "0")[0] == 0
    code, out, _ = achilles(db, "activities", "--json")
    newest = json.loads(out)[-1]["id"]
    code, out, err = achilles(db, "shoes", "assign", "zero", str(newest), "--json")
    assert code == 0, err
    assert json.loads(out) == {"shoe_id": 2, "activity_ids": [newest]}
    code, out, _ = achilles(db, "shoes")
    assert "Pegasus blue" in out
    assert "mi" in out

    code, out, err = achilles(db, "shoes", "retire", "Pegasus blue", "--on", "2024-06-01")
    assert code == 0, err
    assert listed(db)[-1]["retired_on"] == "2024-06-01"  # a retired pair is listed last

    code, out, err = achilles(db, "shoes", "delete", "2", "--yes")
    assert code == 0, err
    assert "1 activity now in no shoe" in out
    code, out, _ = achilles(db, "activities", "--json")
    assert json.loads(out)[-1]["shoe_id"] is None


def test_the_import_summary_names_the_shoes_an_export_listed(tmp_path: Path) -> None:
    db = tmp_path / "achilles.db"
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "shoes.csv").write_text(
        "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n,Hoka,Clifton 9,Run\n"
    )
    code, out, err = achilles(db, "import", "--json", str(folder))
    assert code == 0, err
    assert json.loads(out)["shoes_added"] == ["Hoka Clifton 9"]
    assert [s["default_sports"] for s in listed(db)] == [["running"]]


def test_bad_values_are_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana")[0] == 0
    code, _, err = achilles(db, "shoes", "add", "Typo", "--drop", "45")
    assert code == 2
    assert "drop must be 0–30 mm, not 45 mm" in err
    code, _, err = achilles(db, "shoes", "retire", "Nothing")
    assert code == 1
    assert "no shoe named 'Nothing'" in err


def test_the_help_teaches_with_examples(tmp_path: Path) -> None:
    for command in ("list", "add", "edit", "retire", "delete", "assign"):
        code, out, _ = achilles(tmp_path / "a.db", "shoes", command, "--help")
        assert code == 0
        assert "Example" in out
