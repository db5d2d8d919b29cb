"""Splits and profiles of real watch files, the usual of a run, and sources named in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from achillescare.domain.activity.features import summarise
from achillescare.domain.activity.records import Activity, ParsedActivity, Streams
from achillescare.domain.activity.splits import profile, splits
from achillescare.domain.activity.usual import compared, source_label, usual_of
from achillescare.domain.units import METRES_PER_MILE
from achillescare.importers.fit.reader import parse_fit

FIT = Path(__file__).resolve().parent.parent / "data" / "fit"


def parsed(name: str) -> ParsedActivity:
    return parse_fit((FIT / name).read_bytes())[0]


class TestSplits:
    def test_a_fenix_run_splits_into_whole_km_that_add_up_to_the_run(self) -> None:
        """9.0 km → nine 1 km splits (the last 8 m left out); their moving time is the run's."""
        run = parsed("fitparse__activity-small-fenix2-run.fit")
        assert run.streams is not None
        activity = summarise(
            run, source="x.fit", source_kind="fit", content_sha256=None, fast_speed_m_s=None
        )
        found = splits(run.streams, 1000.0)
        assert [s.number for s in found] == list(range(1, 10))
        assert all(s.distance_m == pytest.approx(1000.0) for s in found)
        assert sum(s.moving_s for s in found) == pytest.approx(activity.moving_s, rel=0.02)
        assert all(s.avg_hr_bpm is not None and 90 < s.avg_hr_bpm < 200 for s in found)
        assert all(s.avg_cadence_spm is not None and 140 < s.avg_cadence_spm < 200 for s in found)
        gained = sum(s.elevation_gain_m or 0 for s in found)
        assert gained == pytest.approx(activity.elevation_gain_m, rel=0.35)

    def test_miles_give_fewer_longer_splits_and_the_last_one_is_shorter(self) -> None:
        run = parsed("fitparse__activity-small-fenix2-run.fit")
        assert run.streams is not None
        found = splits(run.streams, METRES_PER_MILE)
        assert len(found) == 6
        assert found[-1].distance_m < METRES_PER_MILE
        assert sum(s.distance_m for s in found) == pytest.approx(9008, abs=2)

    def test_a_run_shorter_than_a_km_is_one_split(self) -> None:
        run = parsed("fitparse__garmin-fenix-5-run.fit")
        assert run.streams is not None
        found = splits(run.streams, 1000.0)
        assert len(found) == 1
        assert found[0].distance_m == pytest.approx(157.6, abs=0.5)

    def test_no_distance_stream_gives_no_splits_and_no_profile(self) -> None:
        streams = Streams(time_s=np.arange(60.0), heart_rate_bpm=np.full(60, 120.0))
        assert splits(streams, 1000.0) == []
        assert profile(streams) == []

    def test_a_stop_does_not_slow_the_split(self) -> None:
        """Ten minutes standing at 500 m: the first km still takes its five running minutes."""
        t = np.concatenate((np.arange(0.0, 150.0), np.arange(750.0, 1050.0)))
        d = np.where(t < 150, t * 10 / 3, 500 + (t - 750) * 10 / 3)
        found = splits(Streams(time_s=t, distance_m=d), 1000.0)
        assert found[0].moving_s == pytest.approx(300, abs=6)


class TestProfile:
    def test_the_profile_has_at_most_200_points_along_the_whole_run(self) -> None:
        run = parsed("fitparse__activity-small-fenix2-run.fit")
        assert run.streams is not None
        points = profile(run.streams)
        assert len(points) == 200
        assert points[-1].distance_m == pytest.approx(9008, abs=2)
        paces = [p.pace_s_per_m for p in points if p.pace_s_per_m is not None]
        assert len(paces) > 150
        assert all(0.1 <= p <= 1.2 for p in paces)
        assert all(p.altitude_m is not None for p in points)


def run_on(day: int, uphill_m: float | None, *, excluded: str | None = None) -> Activity:
    return Activity(
        start_utc=datetime(2026, 9, 1, 7, tzinfo=UTC) + timedelta(days=day),
        sport="running",
        distance_m=8000,
        duration_s=2700,
        moving_s=2700,
        source="demo",
        source_kind="demo",
        uphill_m=uphill_m,
        excluded_reason=excluded,
        id=day + 1,
    )


class TestUsual:
    def test_the_usual_is_the_median_of_counted_runs_of_the_90_days_before(self) -> None:
        this = run_on(100, 180.0)
        history = [
            run_on(5, 1000.0),  # more than 90 days before
            run_on(20, 40.0),
            run_on(30, 60.0),
            run_on(40, 80.0),
            run_on(50, 5000.0, excluded="GPS glitch"),
            run_on(60, None),  # no altitude: unknown, not zero
            run_on(101, 900.0),  # after
            this,
        ]
        usual = usual_of(this, history, "uphill_m")
        assert usual is not None
        assert (usual.median, usual.runs) == (60.0, 3)
        assert compared(180.0, usual.median) == "about 3× your usual"

    def test_no_runs_before_is_no_usual(self) -> None:
        this = run_on(100, 180.0)
        assert (
            usual_of(this, [this, replace(this, id=99, start_utc=this.start_utc)], "uphill_m")
            is None
        )

    @pytest.mark.parametrize(
        ("value", "usual", "said"),
        [
            (60, 60, "about your usual"),
            (70, 60, "about your usual"),
            (90, 60, "about 1.5× your usual"),
            (120, 60, "about 2× your usual"),
            (30, 60, "about 50 % of your usual"),
            (1, 60, "far below your usual"),
            (0, 0, "about your usual"),
        ],
    )
    def test_the_comparison_reads_as_words(self, value: float, usual: float, said: str) -> None:
        assert compared(value, usual) == said


class TestSourceLabel:
    @pytest.mark.parametrize(
        ("source", "kind", "label"),
        [
            (
                "/home/ana/export_123.zip!activities/7540528261.gpx.gz",
                "gpx",
                "From your Strava export (activities/7540528261.gpx.gz)",
            ),
            ("/tmp/up/morning.fit", "fit", "From the FIT file morning.fit"),
            ("runs.csv row 7", "csv", "From row 7 of runs.csv"),
            ("export.zip!activities.csv row 3", "strava_csv",
             "From row 3 of your Strava export's activities.csv"),
            ("demo", "demo", "Made up for the demo"),
            ("manual entry", "manual", "Entered by hand"),
        ],
    )  # fmt: skip
    def test_it_names_the_file_in_words(self, source: str, kind: str, label: str) -> None:
        assert source_label(source, kind) == label
        assert "!" not in label
