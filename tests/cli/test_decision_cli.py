"""The CLI contracts of the decision: ``decide --json`` and ``score … --json`` (no database), and
``checkin``/``today``/``symptoms`` on a real store."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.assessment.symptoms import FLAG_FIELDS, RUN_FLAGS
from achillescare.domain.decision.verdicts import HEADLINES
from tests.symptom_factories import NO_FLAGS

OUT_KEYS = {
    "as_of",
    "decision",
    "sides",
    "reasons",
    "advice",
    "signals",
    "computed_decision",
    "override",
}
DECISIONS = {"run", "modify", "rest", "see_specialist", "urgent"}

TODAY = datetime.now().astimezone().date()


def achilles(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


def decide(payload: object) -> tuple[int, Any, str]:
    code, out, err = achilles("decide", "--json", stdin=json.dumps(payload))
    return code, json.loads(out) if code == 0 else None, err


def iso(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def checkin(offset: int, **values: object) -> dict[str, object]:
    return {
        "date": iso(offset),
        "side": "left",
        "ran": True,
        "pain_during_run": 1,
        "pain_after_run": 1,
        "morning_pain": 1,
        "morning_stiffness_min": 5,
        **NO_FLAGS,
    } | values


class TestDecideJson:
    def test_it_answers_with_the_contract(self) -> None:
        """A quiet week and 5 km runs → one object with exactly the contract's keys (no
        override: computed_decision and override null); every reason has rule, facts and
        source; signals are the load module's."""
        payload = {
            "as_of": iso(0),
            "checkins": [checkin(-k) for k in range(3, -1, -1)],
            "runs": [{"date": iso(-k), "distance_km": 5} for k in range(20, 0, -2)],
            "visa_a": [{"date": iso(-14), "score": 70}],
        }
        code, out, err = decide(payload)
        assert code == 0, err
        assert set(out) == OUT_KEYS
        assert out["decision"] == "run"
        assert out["sides"] == {"left": "run", "right": None}
        assert all(set(r) == {"rule", "level", "text", "facts", "source"} for r in out["reasons"])
        assert {s["id"] for s in out["signals"]} >= {"single_run_spike", "acwr_ewma"}
        assert any("5.5 km" in line for line in out["advice"])

    def test_it_asks_for_a_checkin_when_there_is_none(self) -> None:
        """An empty request → modify, DATA-1, never run."""
        code, out, _ = decide({"as_of": iso(0)})
        assert code == 0
        assert out["decision"] == "modify"
        assert out["reasons"][0]["rule"] == "DATA-1"

    def test_it_puts_a_red_flag_first(self) -> None:
        """A pop today → urgent; the first reason is RF-R1 with its side in the facts."""
        code, out, _ = decide({"as_of": iso(0), "checkins": [checkin(0, sudden_pop=True)]})
        assert code == 0
        assert out["decision"] == "urgent"
        assert out["reasons"][0]["rule"] == "RF-R1"
        assert out["reasons"][0]["facts"]["side"] == "left"

    def test_it_accepts_nulls_for_questions_not_asked(self) -> None:
        """Pain fields may be null; flags may be null."""
        code, out, _ = decide({"as_of": iso(0), "checkins": [
            {"date": iso(0), "side": "right", "pain_during_run": None, "swelling": None,
             "morning_pain": 0}]})  # fmt: skip
        assert code == 0
        assert out["decision"] in DECISIONS

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ({"as_of": "2026-01-01", "weather": "rain"}, "unknown field"),
            (
                {"checkins": [{"date": "2026-01-01", "side": "left", "morning_pain": 11}]},
                "morning_pain",
            ),
            ({"checkins": [{"date": "2026-01-01", "side": "left", "mood": 3}]}, "unknown field"),
            ({"runs": [{"date": "2026-01-01", "distance_km": "far"}]}, "distance_km"),
            ({"visa_a": [{"date": "2026-01-01", "score": 120}]}, "score"),
            ({"as_of": "01/01/2026"}, "YYYY-MM-DD"),
            ([1, 2], "one JSON object"),
        ],
    )
    def test_it_refuses_bad_input_with_exit_two(self, payload: object, message: str) -> None:
        """Unknown fields and out-of-range values: a clear message on stderr, exit status 2."""
        code, out, err = decide(payload)
        assert code == 2
        assert message in err
        assert out is None

    def test_it_refuses_text_that_is_not_json(self) -> None:
        """Not JSON at all → exit 2."""
        code, _, err = achilles("decide", "--json", stdin="{nope")
        assert code == 2
        assert "not JSON" in err

    def test_it_needs_the_json_flag(self) -> None:
        """Without --json, decide says how to call it (exit 2)."""
        code, _, err = achilles("decide", stdin="{}")
        assert code == 2
        assert "--json" in err


class TestScoreJson:
    def test_it_scores_visa_a(self) -> None:
        """VISA-T2 through the CLI: 51, item 8 branch B 11–20 min → 10."""
        answers = {"1": 7, "2": 6, "3": 7, "4": 8, "5": 5, "6": 4, "7": 4,
                   "8": {"branch": "B", "minutes": 15}}  # fmt: skip
        code, out, err = achilles("score", "visa-a", "--json", stdin=json.dumps(answers))
        assert code == 0, err
        data = json.loads(out)
        assert data["score"] == 51
        assert data["item8"]["points"] == 10

    def test_it_scores_ostrc(self) -> None:
        """OSTRC-T2 through the CLI: 41, substantial."""
        code, out, err = achilles("score", "ostrc", "--json",
                                  stdin='{"1": 1, "2": 2, "3": 1, "4": 1}')  # fmt: skip
        assert code == 0, err
        data = json.loads(out)
        assert (data["score"], data["substantial"]) == (41, True)

    @pytest.mark.parametrize(
        ("command", "payload"),
        [
            (
                "visa-a",
                {
                    "1": 5,
                    "2": 5,
                    "3": 5,
                    "4": 5,
                    "5": 5,
                    "6": 5,
                    "7": 5,
                    "8": {"branch": "A", "minutes": 0},
                },
            ),
            ("visa-a", {"1": 5}),
            (
                "visa-a",
                {
                    "1": 5,
                    "2": 5,
                    "3": 5,
                    "4": 5,
                    "5": 5,
                    "6": 5,
                    "7": 4,
                    "8": {"branch": "A", "minutes": 0, "C": 3},
                },
            ),
            ("ostrc", {"1": 4, "2": 0, "3": 0, "4": 0}),
            ("ostrc", {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}),
            ("ostrc", {"1": 0, "2": 2, "3": 0, "4": 0}),
        ],
    )
    def test_it_refuses_invalid_answers(self, command: str, payload: object) -> None:
        """Invalid answers → exit status 2 and nothing on stdout."""
        code, out, err = achilles("score", command, "--json", stdin=json.dumps(payload))
        assert code == 2
        assert out == ""
        assert "error" in err


class TestWithAStore:
    def test_it_checks_in_edits_and_decides(self, tmp_path: Path) -> None:
        """Check in by flags twice (the second updates), then today and symptoms read it back."""
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        yesterday = (TODAY - timedelta(days=1)).isoformat()
        base = ["--db", db, "checkin", "--side", "left", "--ran", "--pain-during", "2",
                "--pain-after", "2", "--stiffness", "5", "--others-no"]  # fmt: skip
        assert achilles(*base, "--morning-pain", "2", "--date", yesterday)[0] == 0
        assert achilles(*base, "--morning-pain", "4")[0] == 0
        code, out, err = achilles(*base, "--morning-pain", "1", "--yes", "tenderness")
        assert code == 0, err
        assert "revision 2" in out
        code, out, _ = achilles("--db", db, "today", "--json")
        data = json.loads(out)
        assert data["decision"] == "run"
        assert {r["rule"] for r in data["reasons"]} == {"PM-OK", "SYM-3"}
        code, out, _ = achilles("--db", db, "today")
        assert HEADLINES["run"] in out
        assert "PM-OK" in out
        assert "Left: Pain in the safe zone" in out
        assert "=" not in out.split("Why")[1].split("Today")[0]  # no key=value facts
        code, out, _ = achilles("--db", db, "symptoms", "--json")
        assert [c["morning_pain"] for c in json.loads(out)["checkins"]] == [2, 1]
        code, out, _ = achilles("--db", db, "symptoms", "--edits", TODAY.isoformat())
        assert "revision 1" in out
        assert "revision 2" in out

    def test_a_young_runner_whose_pain_built_during_the_run_is_sent_to_a_clinician(
        self, tmp_path: Path
    ) -> None:
        """The new yes/no items reach the stored check-in and the decision: pain that built up
        during the run (PM-BUILD), and heel pain in a runner who may be under 18 (RF-11, from the
        profile's birth year)."""
        db = str(tmp_path / "a.db")
        birth_year = str(TODAY.year - 16)
        assert achilles("--db", db, "runner", "add", "Ana", "--birth-year", birth_year)[0] == 0
        code, _, err = achilles(
            "--db", db, "checkin", "--side", "left", "--ran", "--pain-during", "3",
            "--pain-after", "2", "--morning-pain", "2", "--stiffness", "5",
            "--yes", "pain-built-during-run", "--others-no",
        )  # fmt: skip
        assert code == 0, err
        data = json.loads(achilles("--db", db, "today", "--json")[1])
        assert data["decision"] == "see_specialist"
        assert {"PM-BUILD", "RF-11"} <= {r["rule"] for r in data["reasons"]}
        stored = json.loads(achilles("--db", db, "symptoms", "--json")[1])["checkins"]
        assert stored[-1]["pain_built_during_run"] is True
        assert stored[-1]["corticosteroid"] is False

    def test_a_check_in_by_options_leaves_items_not_given_unanswered_and_says_so(
        self, tmp_path: Path
    ) -> None:
        """Without --others-no the red-flag items not given are stored as unanswered (null), never
        "no": the check-in names them and how to answer, and today's answer is at most 'modify'
        (DATA-4) however quiet the morning."""
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        yesterday = (TODAY - timedelta(days=1)).isoformat()
        quiet = ["--db", db, "checkin", "--side", "left", "--morning-pain", "0", "--no-ran"]
        assert achilles(*quiet, "--date", yesterday, "--others-no")[0] == 0
        code, out, err = achilles(*quiet, "--no", "sudden-pop,cannot-heel-raise")
        assert code == 0, err
        assert "unanswered red-flag questions: pain at rest, night pain" in out
        assert "a sudden pop" not in out.split("unanswered")[1]
        assert "--others-no" in out
        assert "items: pain-at-rest,night-pain" in out.replace("\n", "")
        stored = json.loads(achilles("--db", db, "symptoms", "--json")[1])["checkins"][-1]
        assert stored["sudden_pop"] is False
        assert stored["night_pain"] is None
        assert stored["pain_built_during_run"] is None
        data = json.loads(achilles("--db", db, "today", "--json")[1])
        assert data["decision"] == "modify"
        [unanswered] = [r for r in data["reasons"] if r["rule"] == "DATA-4"]
        assert "sudden_pop" not in unanswered["facts"]["unanswered"]
        assert "night_pain" in unanswered["facts"]["unanswered"]
        assert any("left blank" in a and "night pain" in a for a in data["advice"])
        assert not any("achilles" in a for a in data["advice"])
        shown = achilles("--db", db, "today")[1]
        assert "To answer the blank red-flag questions: achilles checkin -i" in shown

    def test_an_item_answered_both_yes_and_no_is_refused(self, tmp_path: Path) -> None:
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        code, _, err = achilles(
            "--db", db, "checkin", "--side", "left", "--morning-pain", "0",
            "--yes", "limping", "--no", "limping",
        )  # fmt: skip
        assert code == 2
        assert "answered both yes and no: limping" in err

    def test_it_prompts_and_reasks_out_of_range_answers(self, tmp_path: Path) -> None:
        """-i: every question is asked; 12 is refused and asked again."""
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Ana")
        # side, morning pain, stiffness, ran, pain during, after (12 refused, then 3), pain built
        # up during the run, location, the fold-out's yes/no items, the four optional extras
        answers = ["right", "2", "10", "y", "3", "12", "3", "n", "calf"]
        answers += ["n"] * (len(FLAG_FIELDS) - len(RUN_FLAGS)) + ["", "", "", ""]
        code, out, err = achilles("--db", db, "checkin", "-i", stdin="\n".join(answers) + "\n")
        assert code == 0, err
        assert "out of range" in out
        code, out, _ = achilles("--db", db, "symptoms", "--json")
        stored = json.loads(out)["checkins"][0]
        assert (stored["side"], stored["pain_after_run"], stored["location"]) == (
            "right",
            3,
            "calf",
        )

    def test_it_refuses_a_future_checkin(self, tmp_path: Path) -> None:
        """A check-in dated tomorrow → exit 2."""
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Ana")
        tomorrow = (TODAY + timedelta(days=1)).isoformat()
        code, _, err = achilles("--db", db, "checkin", "--side", "left", "--morning-pain", "1",
                                "--date", tomorrow)  # fmt: skip
        assert code == 2
        assert "future" in err

    def test_it_saves_scores_to_the_history(self, tmp_path: Path) -> None:
        """score by flags saves; symptoms lists the scores."""
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Ana")
        assert achilles("--db", db, "score", "ostrc", "--answers", "1,2,1,1")[0] == 0
        code, out, _ = achilles("--db", db, "score", "visa-a", "--answers", "7,6,7,8,5,4,4",
                                "--branch", "B", "--minutes", "15")  # fmt: skip
        assert code == 0
        assert "51" in out
        data = json.loads(achilles("--db", db, "symptoms", "--json")[1])
        assert [(q["instrument"], q["score"]) for q in data["questionnaires"]] == [
            ("ostrc_o2", 41),
            ("visa_a", 51),
        ]


@pytest.mark.parametrize(
    "command",
    [
        ["checkin"],
        ["today"],
        ["decide"],
        ["symptoms"],
        ["score", "visa-a"],
        ["score", "ostrc"],
        ["score"],
    ],
)
def test_every_command_has_an_example_in_its_help(command: list[str]) -> None:
    """--help of each decision command shows an example."""
    code, out, _ = achilles(*command, "--help")
    assert code == 0
    assert "Example" in out
    assert "achilles" in out.split("Example", 1)[1]


def test_it_checks_in_both_legs_from_json_and_reminds_of_questionnaires(tmp_path: Path) -> None:
    """checkin --json takes a list; today then names the weekly questionnaires due."""
    db = str(tmp_path / "a.db")
    achilles("--db", db, "runner", "add", "Ana")
    both = [checkin(0), checkin(0, side="right", morning_pain=0)]
    code, out, err = achilles("--db", db, "checkin", "--json", stdin=json.dumps(both))
    assert code == 0, err
    assert out.count("checked in") == 2
    code, out, _ = achilles("--db", db, "today")
    assert "achilles score visa-a" in out
    assert "achilles score ostrc" in out


def test_exercise_pain_logged_with_done_reaches_today(tmp_path: Path) -> None:
    """`achilles done --pain 7` (the adherence log) reduces today's run (PM-EX)."""
    db = str(tmp_path / "a.db")
    assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
    for offset in (-1, 0):
        code, _, err = achilles(
            "--db", db, "checkin", "--date", iso(offset), "--side", "left", "--ran",
            "--pain-during", "1", "--pain-after", "1", "--morning-pain", "1", "--stiffness", "2",
        )  # fmt: skip
        assert code == 0, err

    def today() -> dict[str, Any]:
        code, out, err = achilles("--db", db, "today", "--json")
        assert code == 0, err
        return dict(json.loads(out))

    assert "PM-EX" not in {r["rule"] for r in today()["reasons"]}
    code, _, err = achilles("--db", db, "done", "recovery", "--pain", "7", "--on", iso(-1))
    assert code == 0, err
    after = today()
    assert after["decision"] == "modify"
    assert "PM-EX" in {r["rule"] for r in after["reasons"]}
