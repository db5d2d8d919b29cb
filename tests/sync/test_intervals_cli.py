"""``achilles intervals`` against the fake intervals.icu: link with a key, sync and read what
came in words, a wrong key in one red line, unlink."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app
from tests.fakes.intervals import API_KEY, ATHLETE_ID, FakeIntervals, activity, wellness_day
from tests.sync.history import FENIX2, fit


def achilles(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_link_then_sync_prints_what_came_in_words(
    tmp_path: Path, fake_intervals: FakeIntervals
) -> None:
    db = tmp_path / "achilles.db"
    fake_intervals.activities = [
        activity("i3001", "2015-08-15T16:45:08", "2015-08-15T14:45:08Z", "Run", 9008.22, 2832),
        activity("i3002", "2015-08-16T18:00:00", "2015-08-16T16:00:00Z", "Ride", 20000, 3600),
    ]
    fake_intervals.files = {"i3001": fit(FENIX2)}
    fake_intervals.wellness = [wellness_day("2015-08-15", restingHR=47, sleepSecs=26000)]
    assert achilles(db, "runner", "add", "Ana")[0] == 0

    code, out, err = achilles(
        db, "intervals", "link", "--api-key", API_KEY, "--since", "2015-08-01"
    )
    assert code == 0, err
    assert f"Linked Ana to intervals.icu athlete {ATHLETE_ID}." in out

    code, out, err = achilles(db, "intervals", "sync")
    assert code == 0, err
    assert "Imported 1 new run from intervals.icu." in out
    assert "Left out 1 activity:" in out
    assert "i3002: not a run (Ride)" in out
    assert "Stored 1 day of wellness figures." in out

    code, out, err = achilles(db, "intervals", "sync")  # the last week: nothing new
    assert code == 0, err
    assert "Imported 0 new runs from intervals.icu." in out

    code, out, _ = achilles(db, "activities", "--json")
    assert code == 0
    assert out.count("intervals.icu activity i3001") == 1

    assert "Unlinked Ana from intervals.icu." in achilles(db, "intervals", "unlink")[1]
    code, _, err = achilles(db, "intervals", "sync")
    assert code == 1
    assert "Ana has no intervals.icu link" in err


def test_a_wrong_key_is_one_red_line(tmp_path: Path, fake_intervals: FakeIntervals) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana")[0] == 0
    code, out, err = achilles(db, "intervals", "link", "--api-key", "wrong")
    assert code == 1
    assert "intervals.icu refused the API key" in " ".join(err.split())
    assert out == ""
