"""``achilles selftest``, ``program``, ``risk``, ``plan`` and ``done`` through the real CLI and store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.demo.seed import seed_demo_runner
from achillescare.library import load_exercises
from achillescare.services.checkins import record_checkin
from achillescare.services.runners import resolve_runner
from achillescare.storage.db import Store
from tests.conftest import MakeRunner

MONDAY = date(2026, 11, 2)
TODAY = MONDAY + timedelta(days=1)


def achilles(db: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=input, env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def db(store: Store, make_runner: MakeRunner, tmp_path: Path) -> Path:
    """A store holding one runner (Ana, miles) with a mid-portion program on the left leg."""
    make_runner(store, units="mi", sex="female", birth_year=1980)
    path = tmp_path / "achilles.db"
    code, output = achilles(
        path, "selftest", "heel_raise_straight", "--left", "14", "--right", "25", "--leg", "left",
        "--on", MONDAY.isoformat(),
    )  # fmt: skip
    assert code == 0, output
    code, output = achilles(
        path, "program", "start", "--location", "mid_portion", "--leg", "left",
        "--run-days", "tue,thu,sat,sun", "--long", "sun", "--hard", "thu", "--on", MONDAY.isoformat(),
    )  # fmt: skip
    assert code == 0, output
    return path


def plan_json(db: Path, *args: str) -> dict[str, Any]:
    code, output = achilles(db, "plan", "--json", "--on", TODAY.isoformat(), *args)
    assert code == 0, output
    data = json.loads(output)
    assert isinstance(data, dict)
    return data


def test_plan_json_keeps_its_contract(db: Path) -> None:
    """Sessions carry date, kind and exercises with id, sets, reps or seconds, load and why."""
    data = plan_json(db)
    assert (data["mode"], data["phase"], data["units"]) == ("recovery", 2, "mi")
    assert data["decision"]["source"].startswith("today's decision")
    days = {s["date"] for s in data["sessions"]}
    assert len(days) == 7
    library = load_exercises()
    for session in data["sessions"]:
        assert session["kind"] in {"recovery", "prevention", "run", "rest"}
        date.fromisoformat(session["date"])
        for exercise in session["exercises"]:
            assert exercise["id"] in library
            assert isinstance(exercise["sets"], int)
            assert (exercise["reps"] is None) != (exercise["seconds"] is None)
            assert exercise["load"]
            assert exercise["why"]


def test_logged_pain_above_five_steps_the_program_back(db: Path) -> None:
    """A painful session logged with ``done`` shows up as a regression in the next plan."""
    code, output = achilles(db, "done", "--pain", "7", "--rpe", "6", "--on", MONDAY.isoformat())
    assert code == 0, output
    assert "steps back" in output
    data = plan_json(db)
    assert "PROG-REGRESS" in data["progression"]["rule_ids"]
    assert data["progression"]["changed"] is True
    assert plan_json(db)["progression"]["changed"] is False  # the same log never moves it twice
    code, output = achilles(db, "program", "show", "--history", "--json")
    assert [s["reason"] for s in json.loads(output)][-1].startswith("tendon loading one step back")


def test_a_red_flag_check_in_pauses_the_plan(db: Path, store: Store) -> None:
    """With no --decision, the plan follows the daily decision: a pop and no push-off → paused."""
    runner = resolve_runner(store, None)
    record_checkin(
        store,
        runner,
        {"date": TODAY.isoformat(), "side": "left", "sudden_pop": True, "cannot_heel_raise": True},
        TODAY,
    )
    data = plan_json(db)
    assert data["decision"]["value"] == "urgent"
    assert data["mode"] == "paused"
    assert {s["kind"] for s in data["sessions"]} == {"rest"}
    assert plan_json(db, "--decision", "run")["mode"] == "recovery"


def test_ics_holds_one_event_per_session(db: Path, tmp_path: Path) -> None:
    """The .ics parses with icalendar and has one all-day event per planned session."""
    target = tmp_path / "week.ics"
    code, output = achilles(db, "plan", "--on", TODAY.isoformat(), "--ics", str(target))
    assert code == 0, output
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    sessions = plan_json(db)["sessions"]
    assert len(events) == len(sessions)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for event, session in zip(events, sessions, strict=True):
        assert event.decoded("DTSTART") == date.fromisoformat(session["date"])
        lines = str(event["DESCRIPTION"]).splitlines()
        assert sum(line.startswith("- ") for line in lines) == len(session["exercises"])


def test_html_handout_inlines_the_illustrations(db: Path, tmp_path: Path) -> None:
    """The handout is one self-contained page with the drawings of the exercises it uses."""
    target = tmp_path / "week.html"
    code, output = achilles(db, "plan", "--on", TODAY.isoformat(), "--html", str(target))
    assert code == 0, output
    page = target.read_text()
    assert page.startswith("<!doctype html>")
    assert page.count("<svg") >= 3
    assert "Decision support, not a diagnosis" in page


def test_selftest_guided_prompts_record_both_legs(db: Path) -> None:
    """Answering the guided prompts stores the result and explains it."""
    code, output = achilles(
        db, "selftest", "knee_to_wall", "--on", TODAY.isoformat(), input="left\ny\n9.5\n12\n"
    )
    assert code == 0, output
    assert "Big toe" in output or "big toe" in output
    assert "limited" in output
    code, output = achilles(db, "selftest", "--history", "--json", "--on", TODAY.isoformat())
    history = json.loads(output)
    assert [r["test"] for r in history["results"]] == ["heel_raise_straight", "knee_to_wall"]
    assert "asymmetry" in history["results"][1]["flags"]


def test_risk_json_lists_every_factor_with_its_program_answer(db: Path) -> None:
    """``risk --json`` has each factor's finding, why, evidence and exercises."""
    code, output = achilles(db, "risk", "--json", "--on", TODAY.isoformat())
    assert code == 0, output
    factors = {f["id"]: f for f in json.loads(output)["factors"]}
    assert factors["calf_endurance"]["status"] == "present"
    assert factors["age"]["status"] == "present"
    assert "eccentric_heel_drop_bent" in factors["calf_endurance"]["addressed_by"]
    assert factors["training_load"]["status"] == "unknown"


def test_bad_input_exits_2(db: Path) -> None:
    """Unknown tests, exercises and decisions are refused with exit status 2."""
    assert achilles(db, "selftest", "plank", "--left", "1")[0] == 2
    assert achilles(db, "done", "--exercise", "moonwalk", "--pain", "2")[0] == 2
    assert achilles(db, "plan", "--decision", "sprint")[0] == 2


def test_every_command_has_help_with_an_example() -> None:
    """Help of each new command shows an example line."""
    for command in (["selftest"], ["plan"], ["done"], ["risk"], ["program", "start"]):
        result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "achilles " in result.output
        assert "Example" in result.output


def test_selftest_history_reads_cadence_from_the_watch(store: Store, tmp_path: Path) -> None:
    """The demo runner's imported runs give the cadence clue with a +5–10 % target."""
    runner, _ = seed_demo_runner(store, MONDAY)
    code, output = achilles(
        tmp_path / "achilles.db", "--runner", runner.name, "selftest", "--history", "--json",
        "--on", MONDAY.isoformat(),
    )  # fmt: skip
    assert code == 0, output
    cadence = json.loads(output)["cadence"]
    assert cadence["runs"] >= 3
    low, high = cadence["target_spm"]
    assert abs(low - cadence["easy_spm"] * 1.05) <= 1
    assert abs(high - cadence["easy_spm"] * 1.10) <= 1
    assert "clue, not a rule" in cadence["text"]


def test_the_guided_series_walks_through_every_test(db: Path) -> None:
    """Without a test id every test is offered in turn; skipped ones store nothing."""
    answers = "none\n" + "n\n" * 5 + "y\n10\n8\n"
    code, output = achilles(db, "selftest", "--on", TODAY.isoformat(), input=answers)
    assert code == 0, output
    assert output.count("Do this test now?") == 6
    code, output = achilles(db, "selftest", "--history", "--json", "--on", TODAY.isoformat())
    results = json.loads(output)["results"]
    assert [(r["test"], r["left"], r["right"]) for r in results][-1] == ("pain_free_hops", 10, 8)
    assert results[-1]["flags"] == ["hops_right"]
