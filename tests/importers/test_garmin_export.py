"""Garmin Connect account export.

No real Garmin export is available (see ``../shared/corpus/README.md``), so these tests build a
small synthetic one in tmp_path from real FIT files (MIT-licensed copies in ``tests/data/fit``),
laid out as public readers of real exports describe it: FIT files in a nested
``DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`` and the summaries in
``DI_CONNECT/DI-Connect-Fitness/<user>_0_summarizedActivities.json``. The summaries are written
here, so they prove our reading of the documented layout and units, not the layout itself.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from achillescare.importers.base import ImportItem
from achillescare.importers.exports.garmin import activity_from_summary
from achillescare.importers.sources import discover, read

DATA = Path(__file__).resolve().parents[1] / "data" / "fit"
FENIX5 = DATA / "fitparse__garmin-fenix-5-run.fit"
FENIX2 = DATA / "fitparse__activity-small-fenix2-run.fit"
FENIX5_START = datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC)
FENIX2_START = datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
MANUAL_START = datetime(2016, 3, 1, 6, 30, tzinfo=UTC)
FITNESS = "DI_CONNECT/DI-Connect-Fitness/runner_0_summarizedActivities.json"
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def summary(activity_id: int, start: datetime, **values: Any) -> dict[str, Any]:
    return {
        "activityId": activity_id,
        "name": f"Run {activity_id}",
        "activityType": "running",
        "startTimeGmt": epoch_ms(start),
        "startTimeLocal": epoch_ms(start + timedelta(hours=2)),
        **values,
    }


MANUAL = summary(
    3, MANUAL_START, distance=1_000_000.0, duration=3_000_000.0, elapsedDuration=3_100_000.0,
    movingDuration=2_900_000.0, elevationGain=12_000.0, elevationLoss=11_000.0, avgHr=150.0,
    maxHr=171.0, avgRunCadence=85.0,
)  # fmt: skip


def build_export(path: Path, summaries: list[dict[str, Any]]) -> Path:
    uploads = io.BytesIO()
    with zipfile.ZipFile(uploads, "w", zipfile.ZIP_DEFLATED) as inner:
        inner.writestr("7001_ACTIVITY.fit", FENIX5.read_bytes())
        inner.writestr("7002_ACTIVITY.fit", FENIX2.read_bytes())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as outer:
        outer.writestr(UPLOADS, uploads.getvalue())
        outer.writestr(FITNESS, json.dumps([{"summarizedActivitiesExport": summaries}]))
        outer.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", "{}")
        outer.writestr("DI_CONNECT/DI-Connect-Wellness/runner_sleepData.json", "[]")
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    matched = [
        summary(1, FENIX5_START + timedelta(seconds=40), distance=15_756.0, duration=60_000.0),
        summary(2, FENIX2_START, distance=900_822.0, duration=3_000_000.0),
    ]
    return build_export(tmp_path / "garmin.zip", [*matched, MANUAL])


def outcomes(path: Path, *, backwards: bool = False) -> list[ImportItem]:
    found = discover([path])
    assert found.failures == []
    refs = list(reversed(found.refs)) if backwards else found.refs
    items = [read(ref) for ref in refs]
    found.close()
    return list(reversed(items)) if backwards else items


class TestGarminExport:
    def test_fit_files_are_imported_and_only_the_unmatched_summary_added(self, export: Path):
        items = outcomes(export)
        assert [(i.source.rsplit("!", 1)[-1], i.source_kind) for i in items if i.activities] == [
            ("7001_ACTIVITY.fit", "fit"),
            ("7002_ACTIVITY.fit", "fit"),
            (f"{FITNESS} (activity 3 (Run 3))", "garmin_summary"),
        ]
        skipped = [i.skipped for i in items if i.skipped]
        assert (
            skipped == ["summary of an activity whose own file in this export was read instead"] * 2
        )
        assert not any(i.source.endswith(".json") and "DI-Connect-User" in i.source for i in items)

    def test_reading_the_summaries_first_gives_the_same_outcome(self, export: Path):
        forward = [(i.source, i.skipped, i.content_sha256) for i in outcomes(export)]
        backward = [
            (i.source, i.skipped, i.content_sha256) for i in outcomes(export, backwards=True)
        ]
        assert backward == forward

    def test_a_summary_is_converted_from_garmin_units(self):
        activity = activity_from_summary(MANUAL)
        assert activity.start_utc == MANUAL_START
        assert activity.utc_offset_s == 7200
        assert activity.sport == "running"
        assert activity.streams is None
        s = activity.summary
        assert (s.distance_m, s.elapsed_s, s.moving_s) == (10_000.0, 3_100.0, 2_900.0)
        assert (s.elevation_gain_m, s.elevation_loss_m) == (120.0, 110.0)
        assert (s.avg_heart_rate_bpm, s.max_heart_rate_bpm, s.avg_cadence_spm) == (150, 171, 170)

    def test_seconds_and_metres_variants_are_accepted(self):
        variant = summary(4, MANUAL_START, durationSeconds=1800.0, distanceMeters=5000.0)
        values = activity_from_summary(variant).summary
        assert (values.distance_m, values.elapsed_s) == (5000.0, 1800.0)

    def test_a_summary_without_time_or_distance_is_a_failure(self, tmp_path: Path):
        path = build_export(tmp_path / "g.zip", [summary(5, MANUAL_START, activityType="yoga")])
        [failure] = [i.failure for i in outcomes(path) if i.failure]
        assert failure == "activity 5 (Run 5) has neither distance nor duration"

    def test_an_unreadable_summaries_file_is_a_failure_and_the_fit_files_still_count(
        self, tmp_path: Path
    ):
        path = build_export(tmp_path / "g.zip", [])
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("DI_CONNECT/DI-Connect-Fitness/x_1001_summarizedActivities.json", "{")
        found = discover([path])
        [failure] = found.failures
        assert (failure.failure or "").startswith("not valid JSON")
        assert sum(bool(read(r).activities) for r in found.refs) == 2
        found.close()
