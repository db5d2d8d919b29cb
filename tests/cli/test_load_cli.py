"""``achilles load``: from a CSV with no database, and for a runner in a real store."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.load.table import SIGNAL_IDS
from tests.domain.test_load_properties import BASE, assert_matches_reference, run_rows
from tests.load_reference import Row, rows_to_csv

SIGNAL_KEYS = {"id", "value", "status", "explanation", "source"}
WEEK_KEYS = {"week_start", "distance", "runs", "long_run", "uphill", "fast_min"}


def achilles(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


def load_json(*args: str, db: str | None = None) -> dict[str, Any]:
    code, out, err = achilles(*(["--db", db] if db else []), "load", "--json", *args)
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


CSV = """date,distance_km,duration_min,uphill_km,fast_min,strides,rpe
2026-09-01,8,45,0.5,0,0,4
2026-09-03,10,55,1.2,6,4,6
2026-09-06,14,80,0.3,0,0,5
2026-09-08,8,44,0.5,10,6,7
2026-09-09,8,44,0.5,10,6,7
2026-09-13,15.4,88,0.4,0,0,6
2026-09-13,2,12,0,0,0,2
"""


class TestFromCsv:
    def test_it_prints_the_json_contract(self, tmp_path: Path) -> None:
        path = tmp_path / "runs.csv"
        path.write_text(CSV)
        data = load_json("--from-csv", str(path), "--as-of", "2026-09-14", "--weeks", "3")
        assert set(data) == {"as_of", "units", "signals", "weeks"}
        assert (data["as_of"], data["units"]) == ("2026-09-14", "km")
        assert [s["id"] for s in data["signals"]] == list(SIGNAL_IDS)
        assert all(set(s) == SIGNAL_KEYS for s in data["signals"])
        assert [set(w) for w in data["weeks"]] == [WEEK_KEYS] * 3
        last = data["weeks"][-1]
        assert last == {"week_start": "2026-09-08", "distance": 33.4, "runs": 4,
                        "long_run": 15.4, "uphill": 1.4, "fast_min": 20.0}  # fmt: skip
        spike = data["signals"][1]
        assert (spike["value"], spike["status"]) == (1.1, "ok")

    def test_it_defaults_to_the_last_run_and_can_use_session_load_and_miles(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "runs.csv"
        path.write_text(CSV)
        data = load_json("--from-csv", str(path), "--metric", "load", "--units", "mi")
        assert (data["as_of"], data["units"]) == ("2026-09-13", "mi")
        strain = next(s for s in data["signals"] if s["id"] == "strain")
        assert "AU" in strain["explanation"]
        assert data["weeks"][-1]["long_run"] == round(15.4 / 1.609344, 3)

    def test_it_prints_a_weekly_table_and_the_signals_for_people(self, tmp_path: Path) -> None:
        path = tmp_path / "runs.csv"
        path.write_text(CSV)
        code, out, _ = achilles("load", "--from-csv", str(path), "--weeks", "2")
        assert code == 0
        assert "week from" in out
        assert "weekly distance" in out
        for signal_id in SIGNAL_IDS:
            assert signal_id in out
        assert "Frandsen et al. 2025" in out

    def test_a_bad_row_is_one_clear_error_naming_it_with_exit_2(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.csv"
        path.write_text("date,distance_km\n2026-01-01,5\n2026-01-02,abc\n")
        code, out, err = achilles("load", "--from-csv", str(path), "--json")
        assert code == 2
        assert out == ""
        assert "bad.csv row 3: distance_km 'abc' is not a number" in err
        assert len(err.strip().splitlines()) == 1

    def test_unknown_columns_bad_dates_and_missing_columns_are_refused(
        self, tmp_path: Path
    ) -> None:
        for text, message in [
            ("date,distance_km,pace\n2026-01-01,5,4:30\n", "unknown field pace"),
            ("date,distance_km\n01/02/2026,5\n", "row 2: date '01/02/2026' is not YYYY-MM-DD"),
            ("day,km\n2026-01-01,5\n", "missing column date, distance_km"),
            ("date,distance_km\n2026-01-01,5,7\n", "row 2: more values than columns"),
            ("date,distance_km,rpe\n2026-01-01,5,11\n", "rpe '11' is not on the 0–10 scale"),
        ]:
            path = tmp_path / "x.csv"
            path.write_text(text)
            code, _, err = achilles("load", "--from-csv", str(path))
            assert code == 2, text
            assert message in err, err

    def test_a_missing_file_and_a_bad_metric_exit_2(self, tmp_path: Path) -> None:
        assert achilles("load", "--from-csv", str(tmp_path / "none.csv"))[0] == 2
        path = tmp_path / "runs.csv"
        path.write_text(CSV)
        code, _, err = achilles("load", "--from-csv", str(path), "--metric", "pace")
        assert code == 2
        assert "--metric must be one of distance, duration, load" in err


@settings(max_examples=40, deadline=None)
@given(rows=run_rows(), offset=st.integers(0, 100))
def test_from_csv_equals_the_formulas_on_any_csv(rows: list[Row], offset: int) -> None:
    """``--from-csv --json`` values are the reference formulas' within 1e-6 relative."""
    as_of = BASE + timedelta(days=offset)
    if not any(r.day <= as_of for r in rows):
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "runs.csv"
        path.write_text(rows_to_csv(rows))
        data = load_json("--from-csv", str(path), "--as-of", as_of.isoformat())
    got = {s["id"]: (s["value"], s["status"]) for s in data["signals"]}
    if got["strain"][0] is not None:
        got["strain"] = (got["strain"][0] * 1000, got["strain"][1])
    assert_matches_reference(rows, as_of, got)


class TestFromTheStore:
    def test_a_stored_runner_gets_the_same_signals_as_the_same_runs_in_a_csv(
        self, tmp_path: Path
    ) -> None:
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        lines = ["date,distance_km,duration_min,rpe"]
        start = date(2026, 8, 1)
        for k in range(0, 45, 2):
            day, km, minutes = start + timedelta(days=k), 6 + k % 5, 30 + k % 7
            code, _, err = achilles("--db", db, "log-run", str(km), f"{minutes}:00",
                                    "--on", f"{day.isoformat()}T07:30", "--rpe", "5")  # fmt: skip
            assert code == 0, err
            lines.append(f"{day.isoformat()},{km},{minutes},5")
        csv_path = tmp_path / "same.csv"
        csv_path.write_text("\n".join(lines) + "\n")
        for metric in ("distance", "duration", "load"):
            stored = load_json("--as-of", "2026-09-15", "--metric", metric, db=db)
            from_csv = load_json(
                "--from-csv", str(csv_path), "--as-of", "2026-09-15", "--metric", metric
            )
            # A store can log prevention sessions, a CSV cannot: that one signal differs.
            stored_prevention = stored["signals"].pop()
            csv_prevention = from_csv["signals"].pop()
            assert stored_prevention["id"] == csv_prevention["id"] == "prevention_sessions_14d"
            assert (stored_prevention["value"], stored_prevention["status"]) == (0, "caution")
            assert csv_prevention["status"] == "unknown"
            assert stored == from_csv, metric
        assert stored["signals"][2]["status"] != "insufficient_data"

    def test_it_names_the_runner_in_the_human_view(self, tmp_path: Path) -> None:
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Ben", "--units", "mi")
        achilles("--db", db, "log-run", "5", "45:00", "--on", "2026-09-01T07:00")
        code, out, _ = achilles("--db", db, "load", "--as-of", "2026-09-02", "--weeks", "1")
        assert code == 0
        assert "Ben: weeks ending 2026-09-02" in out
        assert "mi" in out

    def test_without_a_runner_it_says_so_with_exit_1(self, tmp_path: Path) -> None:
        code, _, err = achilles("--db", str(tmp_path / "a.db"), "load")
        assert code == 1
        assert err.strip()


class TestEdges:
    def test_a_runner_with_no_runs_sees_empty_weeks_and_no_values(self, tmp_path: Path) -> None:
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Cleo")
        code, out, _ = achilles("--db", db, "load", "--as-of", "2026-09-02", "--weeks", "2")
        assert code == 0
        assert "No runs recorded up to 2026-09-02" in out
        data = load_json(db=db)  # as of today, where the runner is
        assert all(s["value"] is None for s in data["signals"])
        assert [w["runs"] for w in data["weeks"]] == [0] * 8

    def test_weeks_out_of_range_and_a_binary_file_exit_2(self, tmp_path: Path) -> None:
        path = tmp_path / "runs.csv"
        path.write_text(CSV)
        code, _, err = achilles("load", "--from-csv", str(path), "--weeks", "0")
        assert code == 2
        assert "--weeks must be between 1 and 520" in err
        path.write_bytes(b"\xff\xfe\x00binary")
        code, _, err = achilles("load", "--from-csv", str(path))
        assert code == 2
        assert "not a UTF-8 text file" in err


class TestPreventionSessions:
    def test_logged_prevention_sessions_feed_the_signal(self, tmp_path: Path) -> None:
        """`achilles done prevention` is what `prevention_sessions_14d` counts."""
        db = str(tmp_path / "a.db")
        achilles("--db", db, "runner", "add", "Ana")
        achilles("--db", db, "log-run", "8", "45:00", "--on", "2026-09-10T07:00")

        def prevention() -> dict[str, object]:
            report = load_json("--as-of", "2026-09-15", db=db)
            [signal] = [s for s in report["signals"] if s["id"] == "prevention_sessions_14d"]
            return dict(signal)

        assert (prevention()["value"], prevention()["status"]) == (0, "caution")
        for day in ("2026-09-03", "2026-09-08", "2026-09-12", "2026-08-20"):
            code, _, err = achilles("--db", db, "done", "prevention", "--pain", "0", "--on", day)
            assert code == 0, err
        assert (prevention()["value"], prevention()["status"]) == (3, "ok")
