"""FIT files → ParsedActivity: sessions, sliced streams, sport, device, time; checked on real files."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
import pytest

from achillescare.domain.activity.records import CHANNELS, FloatArray, ParsedActivity
from achillescare.importers.base import NotAnActivity
from achillescare.importers.fit.profile import FIT_EPOCH_UNIX_S, RECORD, SESSION
from achillescare.importers.fit.reader import parse_fit
from tests.importers.fit_reference import TEST_FIT, reference


def _parse(name: str) -> list[ParsedActivity]:
    return parse_fit((TEST_FIT / name).read_bytes())


def _fit_seconds(moment: datetime) -> float:
    return moment.timestamp() - FIT_EPOCH_UNIX_S


def _inside(activity: ParsedActivity, stamps: FloatArray) -> npt.NDArray[np.bool_]:
    """Which reference records fall in the activity's stream (a run whose clock never goes back)."""
    assert activity.streams is not None
    start = _fit_seconds(activity.start_utc)
    time_s = activity.streams.time_s
    inside: npt.NDArray[np.bool_] = (stamps >= start + time_s[0]) & (stamps <= start + time_s[-1])
    assert inside.sum() == len(time_s)
    return inside


def _assert_agrees_with_summary(activity: ParsedActivity) -> None:
    """Recorded distance and duration agree with the session's own totals within 0.5 %."""
    streams, summary = activity.streams, activity.summary
    assert streams is not None
    assert streams.distance_m is not None
    assert summary.distance_m is not None
    assert summary.elapsed_s is not None
    distance = streams.distance_m[np.isfinite(streams.distance_m)]
    assert distance[-1] - distance[0] == pytest.approx(summary.distance_m, rel=0.005)
    assert streams.time_s[-1] == pytest.approx(summary.elapsed_s, rel=0.005)


class TestARun:
    """fenix 2 run with running dynamics, one record per second."""

    NAME = "fitparse__activity-small-fenix2-run.fit"

    def test_it_reads_one_running_activity_with_its_summary(self) -> None:
        (run,) = _parse(self.NAME)
        session = reference((TEST_FIT / self.NAME).read_bytes(), SESSION)
        assert run.sport == "running"
        assert run.device == "Garmin fenix 2"
        assert run.utc_offset_s == 7200
        assert _fit_seconds(run.start_utc) == session.column("start_time")[0]
        assert run.summary.distance_m == session.column("total_distance")[0]
        assert run.summary.elapsed_s == session.column("total_elapsed_time")[0]
        assert run.summary.moving_s == session.column("total_timer_time")[0]
        assert run.summary.avg_cadence_spm == 2 * session.column("avg_cadence")[0]
        assert run.warnings == ()
        _assert_agrees_with_summary(run)

    def test_it_converts_each_record_channel_like_fitdecode_reads_it(self) -> None:
        (run,) = _parse(self.NAME)
        streams = run.streams
        assert streams is not None
        ref = reference((TEST_FIT / self.NAME).read_bytes(), RECORD)
        stamps = ref.column("timestamp")
        start = _fit_seconds(run.start_utc)
        inside = _inside(run, stamps)
        semicircle_deg = 180.0 / 2**31
        expected = {
            "time_s": stamps[inside] - start,
            "distance_m": ref.column("distance")[inside],
            "altitude_m": ref.column("altitude")[inside],
            "speed_m_s": ref.column("speed")[inside],
            "heart_rate_bpm": ref.column("heart_rate")[inside],
            "cadence_spm": 2 * ref.column("cadence")[inside],  # no fractional cadence on a fenix 2
            "latitude_deg": ref.column("position_lat")[inside] * semicircle_deg,
            "longitude_deg": ref.column("position_long")[inside] * semicircle_deg,
            "ground_contact_ms": ref.column("stance_time")[inside],
            "vertical_oscillation_mm": ref.column("vertical_oscillation")[inside],
        }
        for channel, values in expected.items():
            np.testing.assert_allclose(
                getattr(streams, channel), values, rtol=1e-9, err_msg=channel
            )

    def test_it_fills_every_channel_the_watch_recorded(self) -> None:
        (run,) = _parse(self.NAME)
        assert run.streams is not None
        assert all(getattr(run.streams, name) is not None for name in CHANNELS)


@pytest.mark.parametrize(
    ("name", "leg", "sport"),
    [
        ("fitparse__garmin-fenix-5-walk.fit", 0, "walking"),
        ("fitparse__garmin-fenix-5-run.fit", 0, "running"),
        ("muktihari__triathlon_summary_first.fit", 4, "running"),
    ],
)
def test_it_adds_fractional_cadence_and_counts_both_feet(name: str, leg: int, sport: str) -> None:
    activity = _parse(name)[leg]
    ref = reference((TEST_FIT / name).read_bytes(), RECORD)
    assert activity.sport == sport
    assert activity.streams is not None
    assert activity.streams.cadence_spm is not None
    per_foot = ref.column("cadence") + np.nan_to_num(ref.column("fractional_cadence"))
    expected = 2 * per_foot[_inside(activity, ref.column("timestamp"))]
    np.testing.assert_array_equal(activity.streams.cadence_spm, expected)


def test_it_makes_one_activity_per_leg_of_a_triathlon() -> None:
    legs = _parse("muktihari__triathlon_summary_first.fit")
    assert [(leg.sport, leg.sub_sport) for leg in legs] == [
        ("swimming", "open_water"),
        ("other", "transition"),
        ("cycling", None),
        ("other", "transition"),
        ("running", None),
    ]
    assert all(leg.device == "Garmin Forerunner 255" and leg.utc_offset_s == -18000 for leg in legs)
    for leg in (legs[0], legs[2], legs[4]):
        _assert_agrees_with_summary(leg)
    run = legs[4]
    assert run.streams is not None
    assert run.streams.cadence_spm is not None
    assert run.streams.ground_contact_ms is not None
    assert legs[2].streams is not None
    assert legs[2].streams.cadence_spm is None


def test_it_reads_a_multisport_file_with_a_rowing_leg() -> None:
    legs = _parse("sweatpy__6471559601_ACTIVITY.fit")
    assert [leg.sport for leg in legs] == ["running", "other", "other"]
    assert [leg.sub_sport for leg in legs][1:] == ["transition", "rowing"]


def test_it_reads_forerunner_70_compressed_speed_and_distance() -> None:
    """FR70: device-relative clock, compressed timestamps, speed and distance in 3 bytes."""
    (run,) = _parse("fitparse__compressed-speed-distance.fit")
    assert run.sport == "running"
    assert run.device == "Garmin Forerunner 70"
    assert run.utc_offset_s is None
    assert run.start_utc.date() == datetime(2012, 2, 13, tzinfo=UTC).date()
    assert any("device-relative times" in w for w in run.warnings)
    assert run.streams is not None
    assert run.streams.speed_m_s is not None
    ref = reference((TEST_FIT / "fitparse__compressed-speed-distance.fit").read_bytes(), RECORD)
    assert len(run.streams) == ref.count  # every record lies inside the session
    np.testing.assert_array_equal(run.streams.speed_m_s, ref.column("compressed_speed"))
    np.testing.assert_array_equal(run.streams.distance_m, ref.column("compressed_distance"))
    _assert_agrees_with_summary(run)


def test_it_refuses_a_settings_file() -> None:
    with pytest.raises(NotAnActivity, match=r"^FIT settings file, not an activity$"):
        _parse("fitparse__Settings.fit")


def test_it_builds_an_activity_from_records_when_there_is_no_session() -> None:
    (ride,) = _parse("fitparse__nick.fit")
    assert ride.summary.distance_m is None
    assert ride.streams is not None
    assert len(ride.streams) == 14391
    assert "no session message: activity built from 14391 records" in ride.warnings
    assert "bad file CRC: kept 14391 readable records" in ride.warnings


def test_it_reads_a_minimal_file_of_one_record() -> None:
    (activity,) = _parse("muktihari__valid_only_contain_fileid.fit")
    assert activity.streams is not None
    assert len(activity.streams) == 1
    assert activity.sport == "other"


@pytest.mark.parametrize(
    "name",
    [
        "fitparse__developer-types-sample.fit",
        "fitparse__sample_mulitple_header.fit",
        "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
        "tormoder__unterminated-strings.fit",
        "fitparse__antfs-dump.63.fit",
    ],
)
def test_its_streams_start_at_zero_and_never_go_back_in_time(name: str) -> None:
    for activity in _parse(name):
        if activity.streams is not None:
            assert activity.streams.time_s[0] >= 0
            assert (np.diff(activity.streams.time_s) >= 0).all()
