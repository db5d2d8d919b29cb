"""A runner's intervals.icu history made of real watch files from the shared corpus (read in
place; licences in the corpus README: fitparse files are MIT, sportslib files AGPL, used here for
testing only), listed with the figures intervals.icu shows for them."""

from __future__ import annotations

from tests.conftest import corpus_dir
from tests.fakes.intervals import FakeIntervals, activity, strava_stub, wellness_day

FR110 = "fitparse__2013-02-06-12-11-14.fit"
"""A Forerunner 110 run: 2013-02-06 12:11:14 UTC, 4835 m, 2625 s moving."""
FENIX2 = "fitparse__activity-small-fenix2-run.fit"
"""A fenix 2 run: 2015-08-15 14:45:08 UTC (16:45 local), 9008 m, 2832 s moving."""
FENIX5_WALK = "fitparse__garmin-fenix-5-walk.fit"


def fit(name: str) -> bytes:
    return (corpus_dir("fit") / name).read_bytes()


def load_history(fake: FakeIntervals) -> None:
    """Two runs with their files, a ride, a Strava stub, a strength session, a run without a
    file, and wellness days."""
    fake.activities = [
        activity("i1001", "2013-02-06T12:11:14", "2013-02-06T12:11:14Z", "Run", 4835.38, 2625),
        activity("i1002", "2015-08-15T16:45:08", "2015-08-15T14:45:08Z", "Run", 9008.22, 2832),
        activity("i1003", "2015-08-16T09:00:00", "2015-08-16T07:00:00Z", "Ride", 30210.0, 3900),
        strava_stub("15551234", "2015-08-17T07:30:00"),
        activity("i1005", "2015-08-18T18:00:00", "2015-08-18T16:00:00Z", "WeightTraining", 0, 1800),
        activity("i1006", "2015-08-18T07:00:00", "2015-08-18T05:00:00Z", "Run", 5000.0, 1500),
    ]
    fake.files = {
        "i1001": fit(FR110),
        "i1002": fit(FENIX2),
        "i1003": fit(FENIX5_WALK),
    }
    fake.wellness = [
        wellness_day("2014-05-02", restingHR=51),
        wellness_day(
            "2015-08-14", restingHR=48, hrv=71.5, sleepSecs=27000, sleepScore=82, soreness=2,
            injury=1,
        ),
        wellness_day("2015-08-15", restingHR=49, sleepSecs=25200),
        wellness_day("2015-08-16"),
    ]  # fmt: skip
