"""Strava bulk export: the real export in the corpus (no licence: read in place, never copied),
and variants of it rebuilt in tmp_path (gear, manual activities, Spanish headers)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.importers.base import ImportItem
from achillescare.importers.exports.strava import SPORTS
from achillescare.importers.exports.tabular import parse_loose_datetime
from achillescare.importers.sources import discover, read

EXPORT = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "exports" / "sportiva__export.zip"
)
FILENAME, NAME, TYPE, GEAR, DATE = 12, 2, 3, 11, 1
SPANISH_MONTHS = [
    "ene",
    "feb",
    "mar",
    "abr",
    "may",
    "jun",
    "jul",
    "ago",
    "sep",
    "oct",
    "nov",
    "dic",
]


@pytest.fixture(scope="module")
def export() -> Path:
    if not EXPORT.exists():
        pytest.skip(f"{EXPORT} is absent (the shared corpus is not next to this checkout)")
    return EXPORT


@pytest.fixture(scope="module")
def imported(export: Path) -> dict[str, ImportItem]:
    """The real export, imported once for the tests that only look at the outcome."""
    return import_all(export)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def csv_table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def import_all(path: Path) -> dict[str, ImportItem]:
    found = discover([path])
    assert found.failures == []
    items = {ref.display: read(ref) for ref in found.refs}
    found.close()
    return items


def activity_files(items: dict[str, ImportItem]) -> dict[str, ImportItem]:
    """Items read from a file, keyed by the path inside the export (``activities/…``)."""
    return {
        "activities/" + s.rsplit("activities/", 1)[1]: i
        for s, i in items.items()
        if "activities/" in s and i.source_kind != "strava_csv"
    }


class TestTheRealExport:
    def test_every_file_becomes_one_activity(self, export: Path, imported):
        items = imported
        files = [n for n in members(export) if n.startswith("activities/")]
        assert len(files) == 24  # 20 .gpx and 4 .gpx.gz, as the corpus README lists
        assert sorted(activity_files(items)) == sorted(files)
        assert all(len(item.activities) == 1 for item in items.values())
        assert len(items) == len(files)  # every row names a file: no CSV-only activity

    def test_names_and_types_come_from_the_csv(self, export: Path, imported):
        rows = csv_table(members(export)["activities.csv"])[1:]
        items = activity_files(imported)
        for row in rows:
            [activity] = items[row[FILENAME]].activities
            assert activity.name == row[NAME]
            assert activity.sport == SPORTS[row[TYPE].lower()]
        assert {items[r[FILENAME]].activities[0].sport for r in rows} == {
            "running", "cycling", "hiking", "walking", "alpine_skiing"
        }  # fmt: skip

    def test_the_file_the_csv_does_not_list_is_still_imported(self, imported):
        [activity] = activity_files(imported)["activities/20250510.gpx"].activities
        assert activity.name == "Katy Trail - Dallas"  # the GPX's own name

    def test_the_unpacked_folder_gives_the_same_activities(self, export, imported, tmp_path):
        for name, data in members(export).items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(data)
        from_zip = {k: i.activities[0].name for k, i in activity_files(imported).items()}
        unpacked = activity_files(import_all(tmp_path))
        assert {k: i.activities[0].name for k, i in unpacked.items()} == from_zip


class TestRebuiltExports:
    def test_gear_effort_and_manual_activities_come_from_the_csv(self, export, tmp_path):
        files = members(export)
        table = csv_table(files["activities.csv"])
        header, rows = table[0], table[1:]
        night_run = next(r for r in rows if r[FILENAME] == "activities/7575687940.gpx.gz")
        night_run[GEAR] = "Kiprun KD900"
        night_run[43] = "7"  # Perceived Exertion
        manual = next(r for r in rows if r[FILENAME] == "activities/7601478499.gpx.gz")
        del files[manual[FILENAME]]
        manual[FILENAME] = ""
        files["activities.csv"] = csv_bytes([header, *rows])
        items = import_all(write_zip(tmp_path / "export.zip", files))

        assert sum(len(i.activities) for i in items.values()) == 24
        [night] = activity_files(items)["activities/7575687940.gpx.gz"].activities
        assert (night.gear, night.rpe, night.name) == ("Kiprun KD900", 7.0, "Night Run")
        [row_item] = [i for s, i in items.items() if s.endswith(f"(activity {manual[0]})")]
        assert row_item.source_kind == "strava_csv"
        [alone] = row_item.activities
        assert alone.streams is None
        assert alone.sport == "running"
        assert alone.start_utc == datetime(2022, 5, 10, 17, 43, 6, tzinfo=UTC)
        assert alone.summary.distance_m == float(manual[17])
        assert alone.summary.elapsed_s == float(manual[15])
        assert alone.summary.moving_s == float(manual[16])
        assert alone.summary.elevation_gain_m == float(manual[20])
        assert alone.summary.avg_cadence_spm == pytest.approx(2 * float(manual[29]))

    def test_a_listed_file_missing_from_the_export_is_imported_from_the_csv(self, export, tmp_path):
        files = members(export)
        del files["activities/8832920655.gpx"]
        items = import_all(write_zip(tmp_path / "export.zip", files))
        [item] = [i for i in items.values() if i.source_kind == "strava_csv"]
        assert item.warnings == (
            "activities.csv names activities/8832920655.gpx, which is not in the export; "
            "imported from the CSV's totals",
        )
        assert item.activities[0].name == "Night Run"

    def test_a_spanish_export_is_recognised_by_its_structure(self, export, tmp_path):
        files = members(export)
        table = csv_table(files["activities.csv"])
        header, rows = table[0], table[1:]
        header[:4] = ["ID de actividad", "Fecha de la actividad", "Nombre de la actividad",
                      "Tipo de actividad"]  # fmt: skip
        header[FILENAME] = "Nombre del archivo"
        for row in rows:
            when = datetime.strptime(row[DATE], "%b %d, %Y, %I:%M:%S %p")
            row[DATE] = f"{when.day} {SPANISH_MONTHS[when.month - 1]} {when:%Y, %H:%M:%S}"
        manual = rows[-1]
        del files[manual[FILENAME]]
        manual[FILENAME] = ""
        files["activities.csv"] = csv_bytes([header, *rows])
        items = import_all(write_zip(tmp_path / "export.zip", files))
        names = {i.activities[0].name for i in items.values()}
        assert {r[NAME] for r in rows} <= names
        [alone] = [i.activities[0] for i in items.values() if i.source_kind == "strava_csv"]
        assert alone.start_utc == datetime(2024, 8, 6, 22, 47, 27, tzinfo=UTC)
        assert alone.sport == "walking"


class TestShortExports:
    """Exports rebuilt from an MIT-licensed GPX (tests/data), so these run without the corpus."""

    GPX = Path(__file__).resolve().parents[1] / "data" / "gpx" / "gpxpy__korita-zbevnica.gpx"

    def test_an_older_short_csv_with_windows_member_names(self, tmp_path: Path):
        header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type",
                  "Activity Description", "Elapsed Time", "Distance", "Relative Effort",
                  "Commute", "Activity Gear", "Filename"]  # fmt: skip
        rows = [
            ["101", "Oct 3, 2010, 9:36:30 AM", "Korita trail", "Trail Run", "", "3600", "12.5",
             "", "false", "Old Pegasus", "activities/101.gpx"],
            ["102", "Oct 5, 2010, 6:00:00 PM", "Treadmill", "Virtual Run", "", "1800", "5.0",
             "", "false", "", ""],
        ]  # fmt: skip
        files = {
            "activities.csv": csv_bytes([header, *rows]),
            "activities\\101.gpx": self.GPX.read_bytes(),
        }
        items = import_all(write_zip(tmp_path / "export.zip", files))
        by_kind = {i.source_kind: i.activities[0] for i in items.values()}
        trail = by_kind["gpx"]
        assert (trail.name, trail.sport, trail.gear) == (
            "Korita trail",
            "trail_running",
            "Old Pegasus",
        )
        treadmill = by_kind["strava_csv"]
        assert treadmill.sport == "treadmill_running"
        assert (treadmill.summary.distance_m, treadmill.summary.elapsed_s) == (5000.0, 1800.0)
        assert treadmill.start_utc == datetime(2010, 10, 5, 18, 0, tzinfo=UTC)

    def test_the_exports_photos_and_other_lists_are_left_out(self, tmp_path: Path):
        header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type",
                  "Activity Description", "Elapsed Time", "Distance", "Relative Effort",
                  "Commute", "Activity Gear", "Filename"]  # fmt: skip
        row = ["7", "Oct 3, 2010, 9:36:30 AM", "Run", "Run", "", "3600", "12.5", "", "false",
               "", "activities/7.gpx"]  # fmt: skip
        files = {
            "export_1/activities.csv": csv_bytes([header, row]),
            "export_1/activities/7.gpx": self.GPX.read_bytes(),
            "export_1/media/0f3a.jpg": b"\xff\xd8\xff",
            "export_1/profile.csv": b"Athlete ID,Email\n1,x@example.org\n",
            "notes.txt": b"mine",
        }
        items = import_all(write_zip(tmp_path / "export.zip", files))
        assert sorted(s.split("!", 1)[1] for s in items) == [
            "export_1/activities/7.gpx",
            "notes.txt",
        ]
        assert (
            items[f"{tmp_path / 'export.zip'}!notes.txt"].skipped == "not an activity file (.txt)"
        )

    def test_a_listed_file_that_cannot_be_read_falls_back_to_the_csv(self, tmp_path: Path):
        header = ["Activity ID", "Activity Date", "Activity Name", "Activity Type",
                  "Activity Description", "Elapsed Time", "Distance", "Relative Effort",
                  "Commute", "Activity Gear", "Filename"]  # fmt: skip
        row = ["7", "Mar 2, 2021, 7:00:00 AM", "Broken watch", "Run", "", "1500", "4.2", "",
               "false", "", "activities/7.fit"]  # fmt: skip
        files = {"activities.csv": csv_bytes([header, row]), "activities/7.fit": b"garbage" * 9}
        [item] = import_all(write_zip(tmp_path / "export.zip", files)).values()
        assert item.source_kind == "strava_csv"
        assert item.warnings == (
            "the file could not be read (not a FIT file: no '.FIT' signature at byte 8); "
            "imported from activities.csv",
        )
        assert item.activities[0].summary.distance_m == 4200.0


class TestLooseCsv:
    def test_a_loose_activities_csv_alone_gives_activities_from_its_totals(self, export, tmp_path):
        loose = tmp_path / "activities.csv"
        loose.write_bytes(members(export)["activities.csv"])
        items = import_all(loose)
        assert len(items) == 23
        assert all(i.source_kind == "strava_csv" and len(i.activities) == 1 for i in items.values())
        assert all(i.activities[0].streams is None for i in items.values())

    def test_a_loose_csv_next_to_its_export_adds_nothing(self, export, tmp_path):
        loose = tmp_path / "activities.csv"
        loose.write_bytes(members(export)["activities.csv"])
        found = discover([export, loose])
        items = [read(ref) for ref in found.refs]
        found.close()
        assert sum(len(i.activities) for i in items) == 24
        from_csv = [i for i in items if i.source.startswith(str(loose))]
        assert len(from_csv) == 23
        assert from_csv[0].skipped == (
            "the same Strava activity is read from its file "
            f"({export}!activities/7540528261.gpx.gz)"
        )


class TestStravaDates:
    @given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    def test_english_dates_read_back_exactly(self, when: datetime):
        when = when.replace(microsecond=0)
        text = f"{when:%b} {when.day}, {when.year}, {when:%I:%M:%S %p}".replace(" 0", " ")
        assert parse_loose_datetime(text) == when

    @given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    def test_spanish_dates_read_back_exactly(self, when: datetime):
        when = when.replace(microsecond=0)
        month = SPANISH_MONTHS[when.month - 1]
        assert parse_loose_datetime(f"{when.day} {month} {when:%Y, %H:%M:%S}") == when
