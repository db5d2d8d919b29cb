"""Gear files of account exports, read with no store: Strava ``shoes.csv`` (header as public
readers of real exports report it; the corpus export has none) and Garmin ``*_gear.json`` (the
layout public readers describe; no real Garmin export is available, see the corpus README)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.garmin import is_gear_name, read_gear
from achillescare.importers.exports.strava import read_shoes_csv
from achillescare.importers.sources import close_archives, discover, read
from tests.conftest import TEST_DATA, corpus_dir

FENIX5 = TEST_DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"


class TestStravaShoesCsv:
    def test_it_names_each_pair_as_activity_gear_does(self) -> None:
        shoes = read_shoes_csv(
            b"Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n"
            b",Saucony,Endorphin Speed 4,Run\n"
            b'Forest,Salomon,Speedcross 6,"Trail Run,Hike"\n'
            b",,,\n"
        )
        assert shoes is not None
        assert [(s.name, s.brand, s.model, s.default_sports) for s in shoes] == [
            ("Saucony Endorphin Speed 4", "Saucony", "Endorphin Speed 4", ("running",)),
            ("Forest", "Salomon", "Speedcross 6", ("trail_running", "hiking")),
        ]

    def test_another_csv_is_not_taken_for_one(self) -> None:
        activities = corpus_dir("exports") / "sportiva__activities.csv"
        assert read_shoes_csv(activities.read_bytes()) is None
        assert read_shoes_csv(b"Bike Name,Bike Brand,Bike Model\nA,B,C\n") is None


class TestGarminGearJson:
    def test_it_reads_shoes_and_the_activities_worn_in_them(self) -> None:
        data = json.dumps([{
            "gearDTOS": [
                {"gearPk": 5, "gearTypeName": "Shoes", "gearMakeName": "Other",
                 "gearModelName": "Unknown Shoes", "customMakeModel": "Old faithful",
                 "displayName": None, "gearStatusName": "retired",
                 "dateBegin": "2015-01-01T00:00:00.0", "dateEnd": "2016-06-30T00:00:00.0",
                 "maximumMeters": 0},
                {"gearPk": 6, "gearTypeName": "Bike", "displayName": "Commuter"},
            ],
            "gearActivityDTOs": {"5": [{"activityId": 101}, {"activityId": 102}], "6": [{}]},
        }]).encode()  # fmt: skip
        gear = read_gear(data)
        [shoe] = gear.shoes
        assert (shoe.name, shoe.brand, shoe.first_used, shoe.retired_on) == (
            "Old faithful",
            None,
            date(2015, 1, 1),
            date(2016, 6, 30),
        )
        assert shoe.reminder_m == 700_000  # no limit set in Garmin: our default
        assert dict(gear.by_activity) == {101: "Old faithful", 102: "Old faithful"}

    def test_a_file_that_is_not_a_gear_list_is_refused_with_a_reason(self) -> None:
        with pytest.raises(UnreadableFile, match="not a Garmin gear file"):
            read_gear(b'[{"summarizedActivitiesExport": []}]')
        with pytest.raises(UnreadableFile, match="not valid JSON"):
            read_gear(b"{")

    def test_it_knows_the_gear_file_by_its_name(self) -> None:
        assert is_gear_name("DI_CONNECT/DI-Connect-Fitness/ana@example.com_gear.json")
        assert not is_gear_name("DI_CONNECT/DI-Connect-Fitness/ana_0_summarizedActivities.json")


def test_an_export_file_gets_the_shoe_of_the_summary_that_starts_with_it(tmp_path: Path) -> None:
    """Garmin names its files by upload id, so the gear list's activity id reaches a file
    through the summary that starts within two minutes of it."""
    start = datetime(2017, 6, 11, 14, 34, 9, tzinfo=UTC)  # the Fenix 5 file's own start
    summary = {"activityId": 1, "activityType": "running", "distance": 15_756.0,
               "startTimeGmt": int((start + timedelta(seconds=40)).timestamp() * 1000),
               "duration": 60_000.0}  # fmt: skip
    gear = [{"gearDTOS": [{"gearPk": 7, "gearTypeName": "Shoes", "displayName": "Fenix shoes"}],
             "gearActivityDTOs": {"7": [{"activityId": 1}]}}]  # fmt: skip
    uploads = io.BytesIO()
    with zipfile.ZipFile(uploads, "w") as inner:
        inner.writestr("7001_ACTIVITY.fit", FENIX5.read_bytes())
    path = tmp_path / "garmin.zip"
    with zipfile.ZipFile(path, "w") as outer:
        outer.writestr("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
                       uploads.getvalue())  # fmt: skip
        outer.writestr("DI_CONNECT/DI-Connect-Fitness/r_0_summarizedActivities.json",
                       json.dumps([{"summarizedActivitiesExport": [summary]}]))  # fmt: skip
        outer.writestr("DI_CONNECT/DI-Connect-Fitness/r_gear.json", json.dumps(gear))
    found = discover([path])
    assert [s.name for s in found.shoes] == ["Fenix shoes"]
    items = [read(ref) for ref in found.refs]
    close_archives()
    [from_file] = [i for i in items if i.activities]
    assert [a.gear for a in from_file.activities] == ["Fenix shoes"]
    assert [i.skipped for i in items if not i.activities] == [
        "summary of an activity whose own file in this export was read instead"
    ]
