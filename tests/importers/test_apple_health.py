"""Apple Health exports: workouts streamed out of export.xml (dogsheep/healthkit-to-sqlite's
fixtures, Apache-2.0, see tests/data/apple_health/NOTICE)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.apple_health import (
    activity_from_workout,
    is_export_xml,
    read_workouts,
)
from achillescare.importers.xml.gpx import parse_gpx
from achillescare.services.importing import import_paths
from achillescare.storage.db import Store
from tests.conftest import TEST_DATA

HEALTH = TEST_DATA / "apple_health"
CURRENT = HEALTH / "zip_contents" / "apple_health_export"


def _read(text: str) -> list:  # type: ignore[type-arg]
    return read_workouts(io.BytesIO(text.encode()))


class TestOldExport:
    def test_the_running_workout_is_read_in_the_unit_it_was_written_in(self) -> None:
        with (HEALTH / "export.xml").open("rb") as stream:
            [workout] = read_workouts(stream)
        activity = activity_from_workout(workout)
        assert activity.sport == "running"
        assert activity.start_utc == datetime(2016, 11, 14, 14, 25, 41, tzinfo=UTC)
        assert activity.utc_offset_s == -7 * 3600
        assert activity.summary.distance_m == pytest.approx(0.4971749504535062 * 1609.344)
        assert activity.summary.elapsed_s == pytest.approx(5.19412346680959 * 60)
        assert activity.device == "Apple Watch"

    def test_inline_route_points_become_the_streams(self) -> None:
        with (HEALTH / "export.xml").open("rb") as stream:
            [workout] = read_workouts(stream)
        streams = activity_from_workout(workout).streams
        assert streams is not None
        assert len(streams) == 2
        assert streams.latitude_deg is not None
        assert streams.latitude_deg[0] == pytest.approx(37.7777)
        assert streams.time_s[0] == pytest.approx(3.0)  # 07:25:44 after a 07:25:41 start


class TestCurrentExport:
    def test_the_route_file_is_named_and_its_points_are_used(self) -> None:
        with (CURRENT / "export.xml").open("rb") as stream:
            [workout] = read_workouts(stream)
        assert workout.route_file == "workout-routes/route_2019-06-11_3.00pm.gpx"
        [route] = parse_gpx((CURRENT / workout.route_file).read_bytes())
        # this fixture's route was recorded years after its workout: not used, and said so
        activity = activity_from_workout(workout, route)
        assert activity.streams is None
        assert any("not used" in w for w in activity.warnings)
        aligned = replace(route, start_utc=workout.start.astimezone(UTC))
        streams = activity_from_workout(workout, aligned).streams
        assert streams is not None
        assert len(streams) == 3

    def test_ios16_statistics_give_the_distance_when_the_total_is_absent(self) -> None:
        [workout] = _read(
            '<HealthData><Workout workoutActivityType="HKWorkoutActivityTypeRunning" '
            'duration="30" durationUnit="min" startDate="2023-05-01 07:00:00 +0200" '
            'endDate="2023-05-01 07:30:00 +0200" sourceName="Watch">'
            '<MetadataEntry key="HKIndoorWorkout" value="1"/>'
            '<MetadataEntry key="HKElevationAscended" value="1234 cm"/>'
            '<WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
            'startDate="2023-05-01 07:00:00 +0200" sum="5.25" unit="km"/>'
            "</Workout></HealthData>"
        )
        activity = activity_from_workout(workout)
        assert activity.sport == "treadmill_running"
        assert activity.summary.distance_m == pytest.approx(5250.0)
        assert activity.summary.elevation_gain_m == pytest.approx(12.34)
        assert activity.utc_offset_s == 2 * 3600


class TestHostileAndLarge:
    def test_the_exports_own_dtd_is_accepted_but_an_entity_is_refused(self) -> None:
        workout = (
            '<Workout workoutActivityType="HKWorkoutActivityTypeWalking" '
            'startDate="2020-01-01 10:00:00 +0000"/>'
        )
        declared = (
            f"<!DOCTYPE HealthData [<!ELEMENT HealthData ANY>]><HealthData>{workout}</HealthData>"
        )
        assert [w.sport for w in _read(declared)] == ["walking"]
        bomb = '<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><HealthData>&b;</HealthData>'
        with pytest.raises(UnreadableFile, match="entities"):
            _read(bomb)

    def test_a_truncated_export_is_refused_with_the_line(self) -> None:
        with pytest.raises(UnreadableFile, match="line"):
            _read(
                '<HealthData><Workout workoutActivityType="x" startDate="2020-01-01 10:00:00 +0000">'
            )

    def test_workouts_among_a_million_records_are_found_across_chunk_edges(self) -> None:
        record = (
            b'<Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" '
            b'startDate="2018-09-10 02:28:55 -0700" value="72"/>\n'
        )
        workout = (
            b'<Workout workoutActivityType="HKWorkoutActivityTypeRunning" totalDistance="10" '
            b'totalDistanceUnit="km" startDate="2021-03-0%d 06:00:00 +0000"/>\n'
        )
        body = b"<HealthData>" + record * 500_000 + workout % 1 + record * 500_000 + workout % 2
        document = body + b"</HealthData>"
        progress: list[int] = []
        found = read_workouts(io.BytesIO(document), on_progress=progress.append)
        assert [w.start.day for w in found] == [1, 2]
        assert len(progress) > 10  # read in chunks, not at once
        assert progress[-1] == len(document)


def test_only_the_main_export_file_is_taken_for_an_export() -> None:
    assert is_export_xml("apple_health_export/export.xml")
    assert is_export_xml("export.zip!apple_health_export/export.xml")
    assert not is_export_xml("apple_health_export/export_cda.xml")


def test_an_export_zip_imports_its_workouts_once_and_not_its_route_files(
    tmp_path: Path, store: Store
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in CURRENT.rglob("*"):
            if path.is_file():
                zf.write(path, "apple_health_export/" + path.relative_to(CURRENT).as_posix())
    first = import_paths(store, "Ana", [archive])
    assert [a.sport for a in first.imported] == ["running"]
    assert first.imported[0].distance_m == pytest.approx(800.1, abs=0.1)
    assert not first.failed
    assert [o.detail for o in first.warnings] == [
        "its route starts 22544 h from the workout's start: not used"
    ]
    again = import_paths(store, "Ana", [archive])
    assert not again.imported
    assert [o.detail for o in again.duplicates] == ["already imported (same file)"]
