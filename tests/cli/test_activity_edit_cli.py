"""``achilles activities delete`` and ``activities edit`` on a real SQLite store holding a real
export from the corpus: ids as ``activities --json`` gives them, a prompt unless ``--yes``, one
clear line for an id that is not the runner's, and the load following the change at once."""

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


def runs(db: Path, runner: str) -> list[dict[str, Any]]:
    code, out, err = achilles(db, "--runner", runner, "activities", "--json", "--all-sports")
    assert code == 0, err
    data: list[dict[str, Any]] = json.loads(out)
    return data


def imported(tmp_path: Path) -> Path:
    """Ana holds the runs of a real Garmin Connect CSV export; Bo has runs of his own."""
    db = tmp_path / "achilles.db"
    export = corpus_dir("exports") / "runalyze__GarminConnect.csv"
    for name in ("Ana", "Bo"):
        assert achilles(db, "runner", "add", name)[0] == 0
        code, _, err = achilles(db, "--runner", name, "import", "--quiet", str(export))
        assert code == 0, err
    return db


def signals(db: Path, runner: str) -> dict[str, str]:
    code, out, err = achilles(db, "--runner", runner, "today", "--json")
    assert code == 0, err
    return {s["id"]: s["status"] for s in json.loads(out)["signals"]}


class TestDelete:
    def test_it_asks_first_and_deletes_only_after_yes(self, tmp_path: Path) -> None:
        db = imported(tmp_path)
        before = runs(db, "Ana")
        target = before[0]["id"]
        code, out, _ = achilles(db, "-r", "Ana", "activities", "delete", str(target), input="n\n")
        assert code == 1
        assert f"Delete {target}:" in out
        assert runs(db, "Ana") == before
        code, out, err = achilles(db, "-r", "Ana", "activities", "delete", str(target), "--yes")
        assert code == 0, err
        assert f"Deleted {target}:" in out
        assert [r["id"] for r in runs(db, "Ana")] == [r["id"] for r in before[1:]]

    def test_an_unknown_id_or_another_runners_activity_is_one_clear_error(
        self, tmp_path: Path
    ) -> None:
        db = imported(tmp_path)
        bos = runs(db, "Bo")[0]["id"]
        anas = runs(db, "Ana")
        for wrong in (bos, 999_999):
            code, out, err = achilles(db, "-r", "Ana", "activities", "delete", str(wrong), "--yes")
            assert code == 1
            assert err.strip() == f"error: no activity {wrong} among Ana's activities"
            assert "Traceback" not in out + err
        assert runs(db, "Ana") == anas
        assert runs(db, "Bo")[0]["id"] == bos

    def test_a_deleted_id_is_not_given_to_the_next_import(self, tmp_path: Path) -> None:
        db = imported(tmp_path)
        last = max(r["id"] for r in runs(db, "Bo"))
        assert achilles(db, "-r", "Bo", "activities", "delete", str(last), "--yes")[0] == 0
        export = corpus_dir("exports") / "runalyze__GarminConnect.csv"
        assert achilles(db, "-r", "Bo", "import", "--quiet", str(export))[0] == 0
        assert min(r["id"] for r in runs(db, "Bo") if r["id"] not in range(last)) > last


class TestEdit:
    def test_sport_name_and_exclusion_are_stored_and_shown(self, tmp_path: Path) -> None:
        db = imported(tmp_path)
        target = runs(db, "Ana")[1]["id"]
        code, _, err = achilles(
            db, "-r", "Ana", "activities", "edit", str(target),
            "--sport", "trail running", "--name", "Hill loop",
            "--exclude-from-load", "GPS glitch",
        )  # fmt: skip
        assert code == 0, err
        edited = next(r for r in runs(db, "Ana") if r["id"] == target)
        assert (edited["sport"], edited["name"], edited["excluded_reason"]) == (
            "trail_running",
            "Hill loop",
            "GPS glitch",
        )
        code, out, _ = achilles(db, "-r", "Ana", "activities")
        assert "*: left out of the load" in out
        assert (
            achilles(db, "-r", "Ana", "activities", "edit", str(target), "--include-in-load")[0]
            == 0
        )
        assert next(r for r in runs(db, "Ana") if r["id"] == target)["excluded_reason"] is None

    def test_bad_answers_are_refused_and_nothing_is_written(self, tmp_path: Path) -> None:
        db = imported(tmp_path)
        before = runs(db, "Ana")
        target = str(before[0]["id"])
        refusals = {
            ("--sport", "unicycling", "--name", "x"): "sport 'unicycling' is not one of",
            (): "nothing to change",
            ("--exclude-from-load", "x", "--include-in-load"): "choose one of",
            ("--exclude-from-load", "  "): "give a reason",
        }
        for args, message in refusals.items():
            code, _, err = achilles(db, "-r", "Ana", "activities", "edit", target, *args)
            assert code == 2, args
            assert message in err
            assert len(err.strip().splitlines()) <= 3  # one message (wrapped at most)
        assert runs(db, "Ana") == before
        code, _, err = achilles(db, "-r", "Bo", "activities", "edit", target, "--name", "mine")
        assert code == 1
        assert f"no activity {target} among Bo's activities" in err


def test_leaving_out_the_spike_run_clears_the_spike_signal_at_once(tmp_path: Path) -> None:
    """The demo runner's twelve weeks end in a 23.4 km long run: the single-run spike. Left out
    of the load it no longer counts; counted again, the spike is back."""
    db = tmp_path / "demo.db"
    assert achilles(db, "demo")[0] == 0
    spike = max(runs(db, "Demo runner")[-7:], key=lambda r: r["distance_m"])
    assert signals(db, "Demo runner")["single_run_spike"] == "high"
    code, out, err = achilles(
        db, "activities", "edit", str(spike["id"]), "--exclude-from-load", "not my run"
    )
    assert code == 0, err
    assert "left out of the load (not my run)" in out
    assert signals(db, "Demo runner")["single_run_spike"] == "ok"
    assert achilles(db, "activities", "edit", str(spike["id"]), "--include-in-load")[0] == 0
    assert signals(db, "Demo runner")["single_run_spike"] == "high"
