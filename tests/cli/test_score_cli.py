"""``achilles score visa-a`` / ``score ostrc`` refuse incomplete or contradictory forms with one
line and exit 2, and keep nothing in the runner's history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.services.checkins import list_responses
from achillescare.services.runners import resolve_runner
from achillescare.storage.db import open_store

ITEMS = {"1": 7, "2": 6, "3": 7, "4": 8, "5": 5, "6": 4, "7": 4}


def achilles(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=stdin, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.db"
    code, out, err = achilles(path, "runner", "add", "Ana")
    assert code == 0, out + err
    return path


def saved(db: Path) -> list[int]:
    store = open_store(str(db))
    return [r.score for r in list_responses(store, resolve_runner(store, None))]


def test_visa_a_b_branch_without_minutes_is_refused_not_scored_as_zero(db: Path) -> None:
    """--branch B with no --minutes used to be saved as "nil" (0 points); now exit 2, nothing kept."""
    code, out, err = achilles(db, "score", "visa-a", "--answers", "7,6,7,8,5,4,4", "--branch", "B")
    assert code == 2, out + err
    assert "item 8 branch B has no minutes" in err
    assert len(err.strip().splitlines()) == 1
    assert saved(db) == []
    code, out, err = achilles(db, "score", "visa-a", "--answers", "7,6,7,8,5,4,4")
    assert (code, "item 8 has no branch" in err) == (2, True)
    assert saved(db) == []


def test_visa_a_b_branch_with_explicit_nil_minutes_is_scored_and_saved(db: Path) -> None:
    """--minutes 0 is the "nil" answer: 41 + 0 points, kept."""
    code, out, err = achilles(
        db, "score", "visa-a", "--answers", "7,6,7,8,5,4,4", "--branch", "B", "--minutes", "0"
    )
    assert code == 0, out + err
    assert saved(db) == [41]


@pytest.mark.parametrize(
    "item8",
    [["B", 15], {"branch": ["B"], "minutes": 15}, {"branch": {"B": 1}, "minutes": 15}, {}],
)
def test_visa_a_item_8_as_a_list_or_object_exits_2_without_a_traceback(
    db: Path, item8: object
) -> None:
    """Item 8 of the wrong shape: one line on stderr, exit 2, never a traceback or exit 1."""
    payload = json.dumps(ITEMS | {"8": item8})
    for extra in ((), ("--save",)):
        code, out, err = achilles(db, "score", "visa-a", "--json", *extra, stdin=payload)
        assert code == 2, out + err
        assert "item 8" in err
        assert "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1
    assert saved(db) == []


def test_ostrc_full_participation_with_modified_training_is_refused_as_contradictory(
    db: Path,
) -> None:
    """Q1 "full participation without problems" + moderate Q2/Q3: exit 2, nothing kept."""
    code, out, err = achilles(db, "score", "ostrc", "--answers", "0,2,2,1")
    assert code == 2, out + err
    assert "contradictory OSTRC-O2 answers" in err
    assert saved(db) == []
    code, out, err = achilles(
        db, "score", "ostrc", "--json", stdin='{"1": 0, "2": 2, "3": 2, "4": 1}'
    )
    assert (code, "contradictory" in err, out) == (2, True, "")
