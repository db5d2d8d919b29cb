"""Physically impossible activities are rejected with a reason, never stored nor fed to the load.

Real files, mutated the way a damaged device or exporter writes them, through the real import
pipeline into a real SQLite store.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from achillescare.domain.activity.plausibility import (
    EARLIEST_START,
    MAX_AHEAD,
    implausible_activity,
)
from achillescare.services.importing import ImportReport, import_paths
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from tests.conftest import TEST_DATA
from tests.importers.crafted import fit_with_flipped_bit, with_time

FENIX2 = TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit"  # 9.0 km in 47 min
CERKNICA = TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx"


def import_files(store: Store, folder: Path, files: dict[str, bytes]) -> ImportReport:
    paths = []
    for name, data in files.items():
        paths.append(folder / name)
        paths[-1].write_bytes(data)
    return import_paths(store, "ana", paths)


def failures(report: ImportReport) -> dict[str, str]:
    return {Path(o.source).name: o.detail for o in report.failed}


def stored_are_plausible(store: Store, report: ImportReport) -> int:
    """How many activities are stored; each one passes the plausibility limits."""
    with store.session() as session:
        stored = activities_repo.list_for_runner(session, report.runner.id)
    for activity in stored:
        assert implausible_activity(activity, datetime.now(UTC)) is None, activity
    return len(stored)


def test_a_bit_flipped_fit_distance_is_rejected_not_stored_as_a_21_000_km_run(
    store: Store, tmp_path: Path
) -> None:
    fit = FENIX2.read_bytes()
    report = import_files(
        store,
        tmp_path,
        {
            "bit31.fit": fit_with_flipped_bit(fit, 20, 5, 31, nth=1404),  # record distance
            "bit24.fit": fit_with_flipped_bit(fit, 20, 5, 24, nth=1404),
        },
    )
    found = failures(report)
    assert found["bit31.fit"].startswith("implausible: 21,480 km on foot in one activity")
    assert found["bit24.fit"].startswith("implausible: an average speed of 219.7 km/h")
    assert "the limit on foot is 43 km/h" in found["bit24.fit"]
    assert report.imported == []
    assert stored_are_plausible(store, report) == 0


def test_a_stray_gpx_time_of_year_1_or_9999_is_rejected_not_a_2000_year_run(
    store: Store, tmp_path: Path
) -> None:
    gpx = CERKNICA.read_bytes()
    report = import_files(
        store,
        tmp_path,
        {
            "year-1.gpx": with_time(gpx, b"0001-01-01T00:00:00Z", at=150),
            "year-9999.gpx": with_time(gpx, b"9999-12-31T23:59:59Z", at=150),
        },
    )
    assert failures(report) == {
        "year-1.gpx": (
            "implausible: it starts on 0001-01-01, before 1990 "
            "(the device's clock was not set, or the file is damaged)"
        ),
        "year-9999.gpx": "implausible: it lasts 7,989 years, more than 7 days",
    }
    assert stored_are_plausible(store, report) == 0


def test_csv_runs_dated_year_1_9999_or_in_the_future_or_too_fast_are_rejected(
    store: Store, tmp_path: Path
) -> None:
    soon = (datetime.now(UTC) + MAX_AHEAD + timedelta(days=2)).date().isoformat()
    csv = (
        "date,distance_km,duration\n"
        "2024-05-01,10,50:00\n"
        "0001-01-01,5,30:00\n"
        "9999-12-31,5,30:00\n"
        f"{soon},5,30:00\n"
        "2024-05-02,100,30:00\n"
        "2024-05-03,1e308,30:00\n"
        "2024-05-04,1200,150:00:00\n"
        "2024-05-05,10,170:00:00\n"
    )
    report = import_files(store, tmp_path, {"runs.csv": csv.encode()})
    found = failures(report)
    assert found == {
        "runs.csv row 3": (
            "implausible: it starts on 0001-01-01, before 1990 "
            "(the device's clock was not set, or the file is damaged)"
        ),
        "runs.csv row 4": "implausible: it starts on 9999-12-31, in the future",
        "runs.csv row 5": f"implausible: it starts on {soon}, in the future",
        "runs.csv row 6": (
            "implausible: an average speed of 200.0 km/h (100.00 km in 30 min); "
            "the limit on foot is 43 km/h"
        ),
        "runs.csv row 7": "implausible: the file states distance_m = inf",
        "runs.csv row 8": "implausible: 1,200 km on foot in one activity (the limit is 1,000 km)",
        "runs.csv row 9": "implausible: it lasts 7.1 days, more than 7 days",
    }
    assert [a.distance_m for a in report.imported] == [10_000.0]
    assert stored_are_plausible(store, report) == 1
    assert EARLIEST_START.year == 1990
