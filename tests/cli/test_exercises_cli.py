"""``achilles exercises`` through the real CLI: the table, a full card and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.library import load_exercises


def achilles(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "a.db"), *args], env={"COLUMNS": "200"}
    )
    return result.exit_code, result.output


def as_json(output: str) -> Any:
    return json.loads(output)


def test_it_lists_every_exercise_as_json_with_the_contract_fields(tmp_path: Path) -> None:
    """``--json`` is a list with at least id, name, purpose and dosing (sets, reps or seconds)."""
    code, output = achilles(tmp_path, "exercises", "--json")
    assert code == 0, output
    records = as_json(output)
    assert isinstance(records, list)
    assert {r["id"] for r in records} == set(load_exercises())
    for record in records:
        assert {"id", "name", "purpose", "dosing"} <= set(record)
        dosing = record["dosing"]
        assert dosing["sets"] >= 1
        assert (dosing["reps"] is None) != (dosing["seconds"] is None)


def test_it_filters_by_category(tmp_path: Path) -> None:
    """``--category glutes`` lists only the glute exercises, deadlift included."""
    code, output = achilles(tmp_path, "exercises", "--category", "glutes", "--json")
    assert code == 0, output
    records = as_json(output)
    assert {r["category"] for r in records} == {"glutes"}
    assert "romanian_deadlift" in {r["id"] for r in records}


def test_it_prints_a_table(tmp_path: Path) -> None:
    code, output = achilles(tmp_path, "exercises")
    assert code == 0, output
    assert f"{len(load_exercises())} exercises" in output
    assert "eccentric_heel_drop_bent" in output
    assert "3 × 15 per leg, 2×/day" in output


def test_it_shows_the_full_card(tmp_path: Path) -> None:
    """A card shows steps, mistakes, dosing, progression, when not to do it and the sources."""
    code, output = achilles(tmp_path, "exercises", "eccentric_heel_drop_bent")
    assert code == 0, output
    for heading in ("How to do it", "Common mistakes", "Dosing", "Progress:", "Make it easier:",
                    "When not to do it", "Sources:"):  # fmt: skip
        assert heading in output
    assert "soleus" in output
    assert "Alfredson et al. 1998" in output
    assert "up to 5/10" in output


def test_a_card_shows_equipment_notes_and_single_week_steps(tmp_path: Path) -> None:
    """The HSR card prints its equipment, dosing notes and each week block of the schedule."""
    code, output = achilles(tmp_path, "exercises", "leg_press_calf_raise")
    assert code == 0, output
    assert "You need: leg-press machine" in output
    assert "week 1: 3 × 15 at 15RM" in output
    assert "weeks 9–12: 4 × 6 at 6RM" in output
    assert "Beyer 2015" in output


def test_the_card_as_json_spells_out_citations_and_the_schedule(tmp_path: Path) -> None:
    code, output = achilles(tmp_path, "exercises", "heavy_slow_calf_raise_seated", "--json")
    assert code == 0, output
    card = as_json(output)
    assert card["id"] == "heavy_slow_calf_raise_seated"
    assert card["knee"] == "bent"
    assert [step["load"] for step in card["schedule"]] == ["15RM", "12RM", "10RM", "8RM", "6RM"]
    assert card["citations"][0].startswith("Beyer et al. 2015")


def test_an_unknown_id_or_category_is_a_clear_error(tmp_path: Path) -> None:
    code, output = achilles(tmp_path, "exercises", "moonwalk")
    assert code == 1
    assert "no exercise 'moonwalk'" in output
    code, output = achilles(tmp_path, "exercises", "--category", "yoga")
    assert code == 2
    assert "unknown category 'yoga'" in output


def test_it_prints_the_drawing(tmp_path: Path) -> None:
    """``ID --svg`` prints the exercise's SVG; ``--svg`` without an ID is refused."""
    code, output = achilles(tmp_path, "exercises", "box_jump", "--svg")
    assert code == 0, output
    assert output.startswith("<svg")
    assert '<title id="box_jump-title">Box jump (step down)</title>' in output
    code, output = achilles(tmp_path, "exercises", "--svg")
    assert code == 2
    assert "--svg needs an exercise ID" in output


def test_the_help_has_an_example(tmp_path: Path) -> None:
    code, output = achilles(tmp_path, "exercises", "--help")
    assert code == 0
    assert "achilles exercises eccentric_heel_drop_bent" in output
