"""``achilles import``, ``activities``, ``log-run`` and ``runner`` through the real CLI and store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.importers.fit.reader import parse_fit
from tests.conftest import TEST_DATA, corpus_dir

REQUIRED_FIELDS = {
    "start", "sport", "distance_m", "duration_s", "moving_time_s", "elevation_gain_m",
    "uphill_m", "fast_s", "avg_cadence_spm", "avg_hr_bpm", "source",
}  # fmt: skip


def achilles(db: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], input=input, env={"COLUMNS": "200"})
    return result.exit_code, result.output


def import_json(db: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, output = achilles(db, "import", "--json", *args)
    summary = json.loads(output)
    assert isinstance(summary, dict)
    return code, summary


def activities_json(db: Path, *args: str) -> list[dict[str, object]]:
    code, output = achilles(db, "activities", "--json", *args)
    assert code == 0, output
    data = json.loads(output)
    assert isinstance(data, list)
    return data


class TestImportOfTheTestData:
    def test_it_imports_the_bundled_files_and_a_second_run_imports_nothing(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "x.db"
        code, first = import_json(db, str(TEST_DATA))
        runs = activities_json(db, "--all-sports")
        assert len(runs) == first["imported"] > 0
        assert all(set(run) >= REQUIRED_FIELDS for run in runs)
        assert code == (1 if first["failed"] else 0)
        code_again, second = import_json(db, str(TEST_DATA))
        assert second["imported"] == 0
        assert second["failed"] == first["failed"]
        assert activities_json(db, "--all-sports") == runs
        assert code == code_again

    def test_a_broken_file_is_named_with_a_reason_and_the_rest_still_imports(
        self, tmp_path: Path
    ) -> None:
        folder = tmp_path / "files"
        folder.mkdir()
        good = next(TEST_DATA.glob("fit/*run*.fit"))
        (folder / good.name).write_bytes(good.read_bytes())
        (folder / "empty.fit").write_bytes(b"")
        (folder / "notes.gpx").write_text("<gpx><trk><trkseg><trkpt lat='1'")
        code, summary = import_json(tmp_path / "x.db", str(folder))
        assert code == 1
        reasons = {Path(f["source"]).name: f["reason"] for f in summary["failed"]}
        assert set(reasons) == {"empty.fit", "notes.gpx"}
        assert all(reason and "\n" not in reason for reason in reasons.values())
        assert summary["imported"] == 1
        assert len(activities_json(tmp_path / "x.db")) == 1

    def test_it_creates_the_first_runner_and_lists_runs_in_miles_when_asked(
        self, tmp_path: Path
    ) -> None:
        db = tmp_path / "x.db"
        import_json(db, str(TEST_DATA / "fit"))
        code, output = achilles(db, "runner", "set", "--units", "mi")
        assert code == 0, output
        code, table = achilles(db, "activities")
        assert code == 0
        header = next(line for line in table.splitlines() if "date" in line).split()
        assert header[2:4] == ["mi", "/mi"]  # after the id and the date
        assert "uphill: mi at" in table


Imported = tuple[Path, dict[str, Any], dict[str, Any]]


class TestImportOfTheSharedCorpus:
    """The issue's acceptance checks, on every file of ../shared/corpus."""

    @pytest.fixture(scope="class")
    @classmethod
    def imported(cls, tmp_path_factory: pytest.TempPathFactory) -> Imported:
        corpus = corpus_dir()
        db = tmp_path_factory.mktemp("corpus") / "x.db"
        _, first = import_json(db, str(corpus))
        _, second = import_json(db, str(corpus))
        return db, first, second

    def test_every_broken_file_is_named_with_a_reason(self, imported: Imported) -> None:
        _, first, _ = imported
        failed = {Path(f["source"]).name: f["reason"] for f in first["failed"]}
        for name in ("sportslib__empty-sessions.fit", "sportslib__empty-activities.fit"):
            assert failed.get(name), f"{name} not reported as failed: {sorted(failed)}"
        assert all(reason.strip() and "\n" not in reason for reason in failed.values())
        warned = {(Path(w["source"]).name, w["reason"]) for w in first["warnings"]}
        assert any(name == "fitparse__nick.fit" and "CRC" in why for name, why in warned)
        skipped = {Path(s["source"]).name: s["reason"] for s in first["not_activities"]}
        assert skipped["fitparse__Settings.fit"] == "FIT settings file, not an activity"
        assert first["runs"] >= 45

    def test_a_second_import_brings_nothing_new(self, imported: Imported) -> None:
        db, first, second = imported
        assert first["imported"] > 0
        assert second["imported"] == 0
        assert len(activities_json(db, "--all-sports")) == first["imported"]

    def test_fit_distance_and_duration_agree_with_the_session_within_half_a_percent(
        self, imported: Imported
    ) -> None:
        db, _, _ = imported
        corpus = corpus_dir()
        checked = 0
        for run in activities_json(db):
            source = str(run["source"])
            if not source.endswith(".fit") or "!" in source:
                continue
            parsed = parse_fit((corpus / "fit" / Path(source).name).read_bytes())
            sessions = [p for p in parsed if abs(p.start_utc.timestamp() - _ts(run)) < 1]
            if not sessions or sessions[0].summary.distance_m in (None, 0.0):
                continue
            summary = sessions[0].summary
            assert run["distance_m"] == pytest.approx(summary.distance_m, rel=0.005, abs=0.01), (
                source
            )
            if summary.elapsed_s:
                assert run["duration_s"] == pytest.approx(summary.elapsed_s, rel=0.005), source
            checked += 1
        assert checked >= 10

    def test_the_same_run_from_fit_gpx_and_tcx_is_kept_once(self, imported: Imported) -> None:
        db, _, _ = imported
        same = [r for r in activities_json(db) if "6782987395" in str(r["source"])]
        assert len(same) == 1


def _ts(run: dict[str, object]) -> float:
    return datetime.fromisoformat(str(run["start"])).timestamp()


class TestLogRunAndRunners:
    def test_log_run_records_a_manual_run_in_the_runner_units(self, tmp_path: Path) -> None:
        db = tmp_path / "x.db"
        assert achilles(db, "runner", "add", "Ana", "--units", "mi")[0] == 0
        code, output = achilles(
            db, "log-run", "5", "45:00", "--on", "2026-11-20T07:30", "--rpe", "4"
        )
        assert code == 0, output
        [run] = activities_json(db)
        assert run["distance_m"] == pytest.approx(8046.7, abs=0.1)
        assert run["duration_s"] == 2700
        assert run["uphill_m"] is None  # unknown, not zero

    def test_log_run_refuses_bad_input_with_exit_status_2(self, tmp_path: Path) -> None:
        db = tmp_path / "x.db"
        achilles(db, "runner", "add", "Ana")
        assert achilles(db, "log-run", "-3", "45:00")[0] == 2
        assert achilles(db, "log-run", "5", "forty")[0] == 2
        assert activities_json(db) == []

    def test_export_and_delete_cover_everything_of_the_runner(self, tmp_path: Path) -> None:
        db = tmp_path / "x.db"
        achilles(db, "--runner", "Ana", "import", "--quiet", str(TEST_DATA / "fit"))
        out = tmp_path / "ana.json"
        code, output = achilles(db, "--runner", "Ana", "runner", "export", str(out))
        assert code == 0, output
        exported = json.loads(out.read_text())
        assert exported["runner"]["name"] == "Ana"
        assert exported["tables"]["activities"]
        assert achilles(db, "--runner", "Ana", "runner", "delete", "--yes")[0] == 0
        code, output = achilles(db, "activities")
        assert code != 0
        assert "no runner" in output
