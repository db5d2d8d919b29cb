"""``achilles assessment add/list`` and the clinician's part of ``achilles today``, through the
real CLI and store."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.assessment.symptoms import RED_FLAG_ITEMS
from achillescare.services import clinical
from achillescare.services.checkins import record_checkin
from achillescare.services.runners import resolve_runner, runner_today
from achillescare.storage.db import Store
from tests.conftest import MakeRunner


def achilles(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def db(store: Store, make_runner: MakeRunner, tmp_path: Path) -> Path:
    """Ana, who reported a pop on the left yesterday and a quiet morning today."""
    runner = make_runner(store)
    today = runner_today(runner)
    quiet = dict.fromkeys(RED_FLAG_ITEMS, False) | {"side": "left", "ran": False}
    popped = quiet | {"date": (today - timedelta(days=1)).isoformat(), "sudden_pop": True}
    record_checkin(store, runner, popped | {"morning_pain": 3})
    record_checkin(store, runner, quiet | {"date": today.isoformat(), "morning_pain": 1})
    return tmp_path / "achilles.db"


def test_a_runners_entry_clears_the_pop_and_is_labelled_as_reported_by_them(db: Path) -> None:
    code, output = achilles(db, "today", "--json")
    assert json.loads(output)["decision"] == "urgent"
    code, output = achilles(
        db, "assessment", "add", "--side", "left", "--finding", "tendinopathy-mid-portion",
        "--clinician", "Dr Vega", "--note", "Thompson test negative",
    )  # fmt: skip
    assert code == 0, output
    assert "reported by the runner: assessed by Dr Vega" in output
    assert "urgent → run (the program resumes)" in output
    code, output = achilles(db, "today")
    assert code == 0, output
    assert "Last clinical assessment (left)" in output
    assert "reported by the runner: assessed by Dr Vega" in output
    code, output = achilles(db, "assessment", "list", "--json")
    [entry] = json.loads(output)
    assert entry["assessor_kind"] == "self_reported"
    assert entry["entered"] == "reported by the runner: assessed by Dr Vega"
    assert entry["note"] == "Thompson test negative"


def test_today_shows_the_override_and_what_the_rules_alone_would_say(
    db: Path, store: Store
) -> None:
    runner = resolve_runner(store, "Ana")
    clinical.set_override(
        store, runner, {"decision": "rest", "reason": "scan on Friday"}, specialist="Dr Vega"
    )
    code, output = achilles(db, "today")
    assert code == 0, output
    assert "Rest — no running today" in output.splitlines()[0]
    assert "Set by Dr Vega (specialist)" in output
    assert "scan on Friday" in output
    assert "The rules alone would say: Urgent — stop" in output
    decided = json.loads(achilles(db, "today", "--json")[1])
    assert decided["computed_decision"] == "urgent"
    assert decided["override"]["specialist"] == "Dr Vega"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--side", "up", "--finding", "cleared"], "side must be 'left' or 'right'"),
        (["--side", "left", "--finding", "sprain"], "finding must be one of"),
        (["--side", "left", "--finding", "cleared", "--date", "2999-01-01"], "in the future"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_stores_nothing(
    db: Path, args: list[str], message: str
) -> None:
    code, output = achilles(db, "assessment", "add", "--clinician", "Dr Vega", *args)
    assert code == 2
    assert message in " ".join(output.split())
    assert json.loads(achilles(db, "assessment", "list", "--json")[1]) == []


def test_every_assessment_command_has_help_with_an_example() -> None:
    for command in (["assessment", "add"], ["assessment", "list"]):
        result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "achilles " in result.output
        assert "Example" in result.output
