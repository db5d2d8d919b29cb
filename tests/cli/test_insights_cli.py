"""``achilles insights``: on a real store, and on a ``decide --json``-shaped document."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.demo.planted import simulate_runner
from achillescare.services.insights import insights_for
from achillescare.storage.db import Store
from tests.conftest import MakeRunner
from tests.insight_factories import store_planted_runner

KEYS = {
    "feature", "lag_days", "effect", "ci_low", "ci_high", "unit", "n_exposed", "n_unexposed",
    "verdict", "text",
}  # fmt: skip


def achilles(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def document(days: int = 120) -> dict[str, object]:
    """A planted runner as ``decide --json`` input with the richer run fields."""
    data = simulate_runner(days, 11, {"uphill": 1.5}, start=date(2026, 3, 1))
    return {
        "as_of": max(m.date for m in data.mornings).isoformat(),
        "runs": [
            {"date": r.date.isoformat(), "distance_km": r.distance_m / 1000,
             "uphill_m": r.uphill_m, "fast_min": (r.fast_s or 0) / 60, "strides": r.strides,
             "duration_min": (r.duration_s or 0) / 60, "shoe": r.shoe, "surface": r.surface,
             "shoe_distance_before_km": (r.shoe_distance_before_m or 0) / 1000,
             "shoe_drop_mm": r.shoe_drop_mm}
            for r in data.runs
        ],
        "checkins": [
            {"date": m.date.isoformat(), "side": "right", "morning_pain": int(m.pain or 0),
             "morning_stiffness_min": int(m.stiffness_min or 0)}
            for m in data.mornings
        ],
        "prevention": [d.isoformat() for d in data.prevention_days],
    }  # fmt: skip


class TestFromJson:
    def test_it_finds_the_planted_hills_in_a_document(self, tmp_path: Path) -> None:
        path = tmp_path / "runner.json"
        path.write_text(json.dumps(document()), encoding="utf-8")
        code, out, err = achilles("insights", "--from-json", str(path), "--json")
        assert code == 0, err
        result = json.loads(out)
        assert set(result) == {"associations", "mornings"}
        top = result["associations"][0]
        assert set(top) >= KEYS
        assert (top["feature"], top["lag_days"], top["verdict"]) == ("uphill", 1, "likely")
        assert top["unit"] == "points"
        assert top["ci_low"] < top["effect"] < top["ci_high"]
        features = {a["feature"] for a in result["associations"]}
        assert {"shoe:Pegasus", "new_shoe", "drop_change", "no_prevention"} <= features

    def test_the_human_view_is_a_ranked_list_in_miles(self, tmp_path: Path) -> None:
        path = tmp_path / "runner.json"
        path.write_text(json.dumps(document()), encoding="utf-8")
        code, out, _ = achilles("insights", "--from-json", str(path), "--units", "mi")
        assert code == 0
        assert "\n1. On mornings after runs with 492 ft or more uphill" in out
        assert "not proven causes" in out

    def test_too_few_mornings_say_so(self, tmp_path: Path) -> None:
        path = tmp_path / "runner.json"
        path.write_text(json.dumps(document(days=15)), encoding="utf-8")
        code, out, _ = achilles("insights", "--from-json", str(path))
        assert code == 0
        assert "Not enough data yet (" in out
        assert "need 30)" in out

    def test_a_bad_document_exits_2_naming_the_item(self, tmp_path: Path) -> None:
        path = tmp_path / "runner.json"
        path.write_text(
            json.dumps({"runs": [{"date": "2026-01-01", "distance_km": 5, "pace": 4}]}),
            encoding="utf-8",
        )
        code, _, err = achilles("insights", "--from-json", str(path), "--json")
        assert code == 2
        assert "runs[0]" in err
        path.write_text("{not json", encoding="utf-8")
        assert achilles("insights", "--from-json", str(path))[0] == 2


class TestStore:
    def test_the_stored_runner_is_read_from_runs_and_checkins(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        runner = make_runner(store)
        store_planted_runner(store, runner)
        result = insights_for(store, runner)
        assert result.mornings > 60
        top = result.associations[0]
        assert (top.feature, top.lag_days, top.verdict) == ("uphill", 1, "likely")
        assert any(a.feature.startswith("shoe:") for a in result.associations)

    def test_achilles_insights_reads_the_store(self, tmp_path: Path) -> None:
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        code, out, err = achilles("--db", db, "insights", "--json")
        assert code == 0, err
        assert json.loads(out) == {"associations": [], "mornings": 0}
        code, out, _ = achilles("--db", db, "insights")
        assert code == 0
        assert "Not enough data yet (0 mornings after runs, need 30)." in out


def test_today_is_never_before_the_document(tmp_path: Path) -> None:
    """A document dated after today is refused like decide refuses it."""
    later = (date.today() + timedelta(days=3)).isoformat()
    path = tmp_path / "runner.json"
    path.write_text(json.dumps({"as_of": later}), encoding="utf-8")
    assert achilles("insights", "--from-json", str(path))[0] == 2
