"""``achilles activities show`` on a real SQLite store holding real FIT files: the source in
words, splits per km or mile from the recording, and one clear line for an unknown id."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_activity_edit_cli import achilles, runs

FENIX = Path(__file__).resolve().parent.parent / "data" / "fit"


def stored(tmp_path: Path, units: str = "km") -> tuple[Path, int]:
    """Ana has one real 9 km Fenix 2 run; its id as ``activities --json`` gives it."""
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana", "--units", units)[0] == 0
    run = FENIX / "fitparse__activity-small-fenix2-run.fit"
    code, _, err = achilles(db, "--runner", "Ana", "import", "--quiet", str(run))
    assert code == 0, err
    (only,) = runs(db, "Ana")
    return db, int(only["id"])


class TestShow:
    def test_it_names_the_file_and_lists_a_split_per_km(self, tmp_path: Path) -> None:
        db, run = stored(tmp_path)
        code, out, err = achilles(db, "--runner", "Ana", "activities", "show", str(run))
        assert code == 0, err
        assert "From the FIT file fitparse__activity-small-fenix2-run.fit" in out
        assert "Splits per km" in out
        assert "no runs in the 90 days before to compare with" in out
        code, out, err = achilles(db, "--runner", "Ana", "activities", "show", str(run), "--json")
        assert code == 0, err
        shown = json.loads(out)
        assert len(shown["splits"]) == 9
        assert sum(s["distance_m"] for s in shown["splits"]) == 9000
        assert {f["id"] for f in shown["features"]} >= {"uphill"}

    def test_in_miles_the_splits_are_miles(self, tmp_path: Path) -> None:
        db, run = stored(tmp_path, "mi")
        code, out, err = achilles(db, "--runner", "Ana", "activities", "show", str(run), "--json")
        assert code == 0, err
        assert len(json.loads(out)["splits"]) == 6

    def test_an_unknown_id_is_one_clear_error(self, tmp_path: Path) -> None:
        db, run = stored(tmp_path)
        code, _, err = achilles(db, "--runner", "Ana", "activities", "show", str(run + 1))
        assert code != 0
        assert f"no activity {run + 1} among Ana's activities" in err
