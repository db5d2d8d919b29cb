"""read_activities(): a folder of real watch files read into records with no store, exactly as
``achilles import`` would store them."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from achillescare import api
from achillescare.services.importing import import_paths
from achillescare.storage.db import Store

DATA = Path(__file__).resolve().parents[1] / "data"
RUNS = (
    DATA / "fit" / "fitparse__garmin-fenix-5-run.fit",
    DATA / "fit" / "fitparse__activity-small-fenix2-run.fit",
    DATA / "gpx" / "gpxpy__korita-zbevnica.gpx",
)


def folder(tmp_path: Path) -> Path:
    """Three activities, a copy of one under another name, and a settings file."""
    root = tmp_path / "watch"
    (root / "copies").mkdir(parents=True)
    for path in RUNS:
        shutil.copy(path, root / path.name)
    shutil.copy(RUNS[0], root / "copies" / "same-run.fit")
    shutil.copy(DATA / "fit" / "fitparse__Settings.fit", root / "settings.fit")
    return root


def summary(activities: list[api.Activity]) -> list[tuple[object, ...]]:
    return [(a.start_utc, a.distance_m, a.sport, a.fast_s, a.strides) for a in activities]


class TestReadActivities:
    def test_it_reads_what_the_import_stores(self, tmp_path: Path, store: Store) -> None:
        """Same activities, same figures (fast threshold included) as an import into a store."""
        root = folder(tmp_path)
        read = api.read_activities([root])
        report = import_paths(store, "ana", [root])
        assert len(read) == len(RUNS)
        assert summary(read) == sorted(summary(report.imported), key=lambda row: str(row[0]))

    def test_it_keeps_each_file_once_oldest_first(self, tmp_path: Path) -> None:
        """A byte-identical copy and a settings file add nothing; the list is in start order."""
        read = api.read_activities([folder(tmp_path)])
        starts = [a.start_utc for a in read]
        assert starts == sorted(starts)
        assert sorted(Path(a.source).name for a in read) == sorted(p.name for p in RUNS)

    def test_a_given_fast_threshold_is_used(self, tmp_path: Path) -> None:
        """A threshold above any running speed leaves no fast time and no strides."""
        [run] = api.read_activities([RUNS[0]], fast_speed_m_s=100.0)
        assert (run.fast_s, run.strides) == (0.0, 0)

    def test_a_start_after_now_is_left_out(self, tmp_path: Path) -> None:
        """``now`` bounds the plausible start, as the import's clock does."""
        assert api.read_activities([RUNS[0]], now=datetime(2000, 1, 1, tzinfo=UTC)) == []

    def test_the_records_feed_the_load_signals(self, tmp_path: Path) -> None:
        """The notebook path of the API's docstring: files → daily series → signals."""
        read = api.read_activities([folder(tmp_path)])
        series = api.daily_series_from_activities(read)
        last = max(a.start_local for a in read).date()
        signals = api.signals_as_of(series, last, units=api.Units.KM)
        assert [s.id for s in signals][:2] == ["weekly_distance_change", "single_run_spike"]
        assert all(s.explanation for s in signals)
