"""Damaged, odd and foreign FIT input: a one-line reason or a kept activity, never a crash."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from achillescare.domain.activity.records import ParsedActivity, is_running
from achillescare.importers.base import NotAnActivity, UnreadableFile
from achillescare.importers.fit.reader import parse_fit
from tests.conftest import corpus_dir
from tests.importers.fit_reference import TEST_FIT

FUZZED = [
    "fitparse__garmin-fenix-5-run.fit",
    "fitparse__compressed-speed-distance.fit",
    "fitparse__developer-types-sample.fit",
    "fitparse__Settings.fit",
    "fitparse__sample_mulitple_header.fit",
    "sweatpy__6471559601_ACTIVITY.fit",
]
ORIGINALS = {name: (TEST_FIT / name).read_bytes() for name in FUZZED}

SELF_CONTRADICTING = {
    "fitparse__strava-android-app-201.10-b1218918.fit": "stops at an undefined local message",
    "runalyze__time-jump.fit": "the record clock jumps 20 days forward mid-run",
    "runalyze__Suunto-Ambit-3-Peak-without-final-lap.fit": "session end and elapsed time disagree",
    "runalyze__Multisession.fit": "records stop 40 s before the second session ends",
}
"""Corpus runs whose records and session summary disagree in the file itself (checked by hand)."""


def _corpus_fit_files() -> list[Path]:
    folder = corpus_dir("fit")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".fit", ".gz"})


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _parse_or_reason(data: bytes) -> list[ParsedActivity] | str:
    try:
        return parse_fit(data)
    except (UnreadableFile, NotAnActivity) as refused:
        return str(refused)


def test_it_reads_or_refuses_every_corpus_file_with_a_one_line_reason() -> None:
    outcomes = {path.name: _parse_or_reason(_read(path)) for path in _corpus_fit_files()}
    for name, outcome in outcomes.items():
        if isinstance(outcome, str):
            assert outcome, name
            assert "\n" not in outcome, name
            continue
        for activity in outcome:
            if activity.streams is not None:
                assert activity.streams.time_s[0] >= 0, name
                assert (np.diff(activity.streams.time_s) >= 0).all(), name
    refused = {name: o for name, o in outcomes.items() if isinstance(o, str)}
    assert refused["sportslib__empty-sessions.fit"] == "empty file (0 bytes)"
    assert refused["sportslib__empty-activities.fit"] == "FIT header declares 0 data bytes"
    assert refused["fittrackee__example.fit"] == "FIT course file, not an activity"
    assert refused["fitparse__MonitoringFile.fit"] == "FIT monitoring file, not an activity"
    assert refused["fitparse__WorkoutRepeatSteps.fit"] == "FIT workout file, not an activity"
    assert len(outcomes) - len(refused) >= 110


def test_its_corpus_runs_agree_with_their_session_summary_within_half_a_percent() -> None:
    """Recorded distance and duration of each run of ≥ 1 km against the file's own session."""
    checked = 0
    for path in _corpus_fit_files():
        if path.name in SELF_CONTRADICTING:
            continue
        outcome = _parse_or_reason(_read(path))
        for activity in outcome if isinstance(outcome, list) else []:
            streams, summary = activity.streams, activity.summary
            if not is_running(activity.sport) or streams is None or streams.distance_m is None:
                continue
            if summary.distance_m is None or summary.distance_m < 1000 or not summary.elapsed_s:
                continue
            distance = streams.distance_m[np.isfinite(streams.distance_m)]
            recorded_m = distance[-1] - distance[0]
            assert recorded_m == pytest.approx(summary.distance_m, rel=0.005), path.name
            assert streams.time_s[-1] == pytest.approx(summary.elapsed_s, rel=0.005), path.name
            checked += 1
    assert checked >= 35


def test_it_keeps_a_gap_of_weeks_inside_one_activity() -> None:
    (ride,) = parse_fit(_read(corpus_dir("fit") / "sportslib__27-days-activity.fit"))
    assert ride.streams is not None
    assert ride.summary.elapsed_s is not None
    assert ride.summary.elapsed_s > 20 * 86400
    assert ride.streams.time_s[-1] == pytest.approx(ride.summary.elapsed_s, rel=0.005)
    assert ride.summary.moving_s is not None
    assert ride.summary.moving_s < 3 * 3600


def test_it_drops_records_whose_clock_goes_back_and_says_so() -> None:
    legs = parse_fit(_read(corpus_dir("fit") / "fitparse__activity-large-fenxi2-multisport.fit"))
    warned = [
        leg for leg in legs if any(w.startswith("clock went backwards") for w in leg.warnings)
    ]
    assert warned
    for leg in warned:
        assert leg.streams is not None
        assert (np.diff(leg.streams.time_s) >= 0).all()


def test_it_keeps_repeated_timestamps() -> None:
    (activity,) = parse_fit(_read(corpus_dir("fit") / "sportslib__broken-dates.fit"))
    assert activity.streams is not None
    assert len(activity.streams) == 3279
    assert (np.diff(activity.streams.time_s) == 0).sum() > 2000


def test_it_builds_an_activity_from_a_truncated_recording_without_session() -> None:
    (activity,) = parse_fit(_read(corpus_dir("fit") / "muktihari__activity_truncated.fit"))
    assert activity.streams is not None
    assert len(activity.streams) == 14
    assert "no session message: activity built from 14 records" in activity.warnings


def test_it_keeps_a_session_without_records_as_an_activity_without_streams() -> None:
    (ride,) = parse_fit(_read(corpus_dir("fit") / "goldencheetah__2012_02_05_09_03_59.fit"))
    assert ride.sport == "cycling"
    assert ride.streams is None
    assert ride.summary.elapsed_s is not None


def test_each_chained_file_keeps_its_own_records() -> None:
    """Two chained recordings with overlapping clocks: each session takes its own file's records."""
    data = _read(corpus_dir("fit") / "muktihari__chained_Activity_activity_poolswim.fit")
    first, second = parse_fit(data)
    assert first.streams is not None
    assert second.streams is not None
    assert (len(first.streams), len(second.streams)) == (3601, 24)
    assert not any("clock went backwards" in w for w in first.warnings + second.warnings)


@st.composite
def damaged_fit(draw: st.DrawFn) -> bytes:
    """A real FIT file with random bytes overwritten, a piece cut out or repeated, or cut short."""
    data = bytearray(ORIGINALS[draw(st.sampled_from(FUZZED))])
    kind = draw(st.sampled_from(["flip", "truncate", "splice"]))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    if kind == "splice":
        at = draw(st.integers(0, len(data) - 1))
        start = draw(st.integers(0, len(data) - 1))
        length = draw(st.integers(1, 64))
        return bytes(data[:at] + data[start : start + length] + data[at:])
    near_start = draw(st.booleans())  # definitions and headers live near the start
    limit = min(len(data), 512) if near_start else len(data)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, limit - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_fit())
def test_damaged_files_yield_activities_or_a_one_line_reason(data: bytes) -> None:
    outcome = _parse_or_reason(data)
    if isinstance(outcome, str):
        assert outcome
        assert "\n" not in outcome
    else:
        assert outcome
        for activity in outcome:
            assert activity.start_utc.tzinfo is not None
            if activity.streams is not None:
                assert (np.diff(activity.streams.time_s) >= 0).all()
