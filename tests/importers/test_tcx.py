"""TCX import: laps, trackpoints and extensions of real files (tcxparser, tcxreader, sweatpy)."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from achillescare.domain.activity.features import summarise
from achillescare.importers.base import NotAnActivity, UnreadableFile
from achillescare.importers.xml.tcx import parse_tcx, tcx_sport
from tests.conftest import TEST_DATA, corpus_dir

TCX = TEST_DATA / "tcx"


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def lap_distance_m(data: bytes) -> float:
    """Sum of the laps' DistanceMeters, read with a regex (independently of the importer)."""
    laps = re.findall(rb"<Lap [^>]*>\s*<TotalTimeSeconds>[^<]*</TotalTimeSeconds>\s*"
                      rb"<DistanceMeters>([^<]*)</DistanceMeters>", data)  # fmt: skip
    return sum(float(value) for value in laps)


class TestForerunner410:
    """tcxparser's test.tcx; expected values are those tcxparser's own test suite asserts."""

    def test_it_reads_the_run_as_tcxparser_does(self) -> None:
        [activity] = parse_tcx(read(TCX / "tcxparser__test.tcx.gz"))
        assert activity.sport == "running"
        assert activity.name == "Aerobics"
        assert activity.device == "Forerunner 410 Software Version 2.20"
        assert activity.start_utc == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)
        streams = activity.streams
        assert streams is not None
        assert streams.time_s[-1] == 1992.0  # 22:03:05Z
        assert streams.distance_m is not None
        assert streams.distance_m[-1] == pytest.approx(4686.31103516)
        assert streams.heart_rate_bpm is not None
        assert streams.heart_rate_bpm[0] == 62
        recorded = streams.heart_rate_bpm[np.isfinite(streams.heart_rate_bpm)]
        assert recorded[-1] == 180  # the last trackpoint has no heart rate: it stays NaN
        assert np.isnan(streams.heart_rate_bpm[-1])
        assert np.nanmax(streams.heart_rate_bpm) == 189
        assert np.nanmin(streams.heart_rate_bpm) == 60
        assert int(np.nanmean(streams.heart_rate_bpm)) == 156  # tcxparser truncates its mean
        assert streams.altitude_m is not None
        assert streams.altitude_m[0] == pytest.approx(178.942626953)
        assert streams.altitude_m[np.isfinite(streams.altitude_m)][-1] == pytest.approx(166.4453125)
        assert streams.latitude_deg is not None
        latitudes = streams.latitude_deg[np.isfinite(streams.latitude_deg)]
        assert latitudes[-1] == pytest.approx(35.9519544616)

    def test_lap_totals_match_the_trackpoints_within_one_percent(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        [activity] = parse_tcx(data)
        assert activity.summary.distance_m == pytest.approx(lap_distance_m(data))
        assert activity.streams is not None
        assert activity.streams.distance_m is not None
        track_m = activity.streams.distance_m[-1]
        assert activity.summary.distance_m == pytest.approx(track_m, rel=0.01)
        assert activity.summary.max_heart_rate_bpm == 189
        assert activity.summary.elapsed_s is None  # TCX states timer time only
        assert activity.summary.moving_s == pytest.approx(1993, abs=1)

    def test_a_run_without_heart_rate_has_no_heart_rate_channel(self) -> None:
        [activity] = parse_tcx(read(TCX / "tcxparser__no_hr.tcx.gz"))
        assert activity.streams is not None
        assert activity.streams.heart_rate_bpm is None
        assert activity.summary.avg_heart_rate_bpm is None


class TestExtensions:
    def test_it_reads_runcadence_per_foot_for_other_sports_as_no_cadence(self) -> None:
        [activity] = parse_tcx(read(TCX / "tcxreader__cross-country-skiing_activity_1.tcx.gz"))
        assert activity.sport == "other"
        assert activity.device == "vívoactive HR"
        assert activity.streams is not None
        assert activity.streams.cadence_spm is None
        assert activity.streams.speed_m_s is not None

    def test_it_reads_the_speed_extension(self) -> None:
        data = read(TCX / "tcxreader__sup_activity_1.tcx.gz")
        [activity] = parse_tcx(data)
        assert activity.streams is not None
        assert activity.streams.speed_m_s is not None
        first_speed = float(re.findall(rb"<(?:\w+:)?Speed>([^<]*)<", data)[0])
        assert activity.streams.speed_m_s[0] == pytest.approx(first_speed)

    def test_polar_running_cadence_is_doubled_to_steps_per_minute(self) -> None:
        data = read(TCX / "sweatpy__3173437224.tcx.gz")
        [activity] = parse_tcx(data)
        assert activity.sport == "running"
        assert activity.device == "Polar M400"
        streams = activity.streams
        assert streams is not None
        assert streams.cadence_spm is not None
        raw = [float(v) for v in re.findall(rb"<Trackpoint>.*?<Cadence>([^<]*)<", data)]
        assert np.nanmax(streams.cadence_spm) == 2 * max(raw)
        lap = [float(v) for v in re.findall(rb"</Intensity><Cadence>([^<]*)<", data)]
        assert activity.summary.avg_cadence_spm is not None
        assert min(lap) * 2 <= activity.summary.avg_cadence_spm <= max(lap) * 2

    def test_a_ride_keeps_distance_from_the_file_and_its_sport(self) -> None:
        data = read(TCX / "sweatpy__activity_4801048867.tcx.gz")
        [activity] = parse_tcx(data)
        assert activity.sport == "cycling"
        summary = summarise(
            activity, source="t", source_kind="tcx", content_sha256=None, fast_speed_m_s=None
        )
        assert summary.distance_m == pytest.approx(lap_distance_m(data))
        assert activity.streams is not None
        assert activity.streams.distance_m is not None
        assert activity.streams.distance_m[-1] == pytest.approx(summary.distance_m, rel=0.005)


@pytest.mark.parametrize(
    ("text", "sport"),
    [("Running", "running"), ("running", "running"), ("Biking", "cycling"), ("Other", "other"),
     ("", "other")],
)  # fmt: skip
def test_it_maps_the_sport_attribute(text: str, sport: str) -> None:
    assert tcx_sport(text) == sport


class TestStart:
    def test_a_lap_start_shortly_before_the_first_point_is_the_start(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        earlier = data.replace(b'<Lap StartTime="2012-12-26T21:29:53Z">',
                               b'<Lap StartTime="2012-12-26T21:29:43Z">', 1)  # fmt: skip
        [activity] = parse_tcx(earlier)
        assert activity.start_utc == datetime(2012, 12, 26, 21, 29, 43, tzinfo=UTC)
        assert activity.streams is not None
        assert activity.streams.time_s[0] == 10.0

    def test_a_lap_start_days_before_the_first_point_is_ignored(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        wrong = data.replace(b'<Lap StartTime="2012-12-26T21:29:53Z">',
                             b'<Lap StartTime="1970-01-01T00:00:00Z">', 1)  # fmt: skip
        [activity] = parse_tcx(wrong)
        assert activity.start_utc == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)


class TestRefusals:
    def test_a_file_without_activities_is_not_an_activity(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        start, end = data.index(b"<Activities>"), data.index(b"</Activities>")
        with pytest.raises(NotAnActivity, match="no activity"):
            parse_tcx(data[:start] + b"<Activities/>" + data[end + len(b"</Activities>") :])

    def test_malformed_xml_names_its_line(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        with pytest.raises(UnreadableFile, match=r"^malformed XML at line \d+: "):
            parse_tcx(data.replace(b"</Lap>", b"</Lapp>", 1))

    def test_an_activity_with_only_lap_totals_keeps_them(self) -> None:
        data = read(TCX / "tcxparser__test.tcx.gz")
        [activity] = parse_tcx(re.sub(rb"<Track>.*?</Track>", b"", data, flags=re.DOTALL))
        assert activity.streams is None
        assert activity.start_utc == datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)
        assert activity.summary.distance_m == pytest.approx(lap_distance_m(data))


class TestCorpus:
    def test_every_corpus_tcx_parses_or_is_refused_with_one_line(self) -> None:
        folder = corpus_dir("tcx")
        parsed = 0
        refused: dict[str, str] = {}
        for path in sorted(folder.glob("*.tcx")):
            try:
                activities = parse_tcx(path.read_bytes())
            except (UnreadableFile, NotAnActivity) as error:
                refused[path.name] = str(error)
                continue
            assert activities, path.name
            parsed += 1
        assert all(reason and "\n" not in reason for reason in refused.values()), refused
        assert parsed == len(list(folder.glob("*.tcx")))

    def test_it_gives_one_activity_per_activity_element(self) -> None:
        folder = corpus_dir("tcx")
        multi = parse_tcx(
            (folder / "goldencheetah__activity_165850259_multi-session.tcx").read_bytes()
        )
        assert [a.sport for a in multi] == ["running", "cycling", "running", "cycling"]
        three = parse_tcx((folder / "runalyze__Multiple-Trainings.tcx").read_bytes())
        assert len(three) == 3
        assert len({a.start_utc for a in three}) == 3

    def test_it_reads_a_file_with_spaces_before_the_xml_declaration(self) -> None:
        path = corpus_dir("tcx") / "sportslib__6281425038.tcx"
        assert path.read_bytes()[:1] == b" "
        [activity] = parse_tcx(path.read_bytes())
        assert activity.sport == "running"
        assert activity.summary.distance_m == pytest.approx(4157, abs=1)

    def test_missing_distances_are_filled_and_start_at_zero(self) -> None:
        path = corpus_dir("tcx") / "runalyze__missing-distances.tcx"
        [activity] = parse_tcx(path.read_bytes())
        assert activity.streams is not None
        distance = activity.streams.distance_m
        assert distance is not None
        assert np.isfinite(distance).all()
        assert distance[0] == 0.0
        assert np.all(np.diff(distance) >= 0)
        assert distance[-1] == pytest.approx(activity.summary.distance_m, rel=0.1)

    def test_cadence_already_in_steps_is_not_doubled_again(self) -> None:
        path = corpus_dir("tcx") / "runalyze__Treadmill-doubled-cadence.tcx"
        [activity] = parse_tcx(path.read_bytes())
        assert activity.streams is not None
        assert activity.streams.cadence_spm is not None
        assert 100 < float(np.nanmedian(activity.streams.cadence_spm)) < 200
        assert np.nanmax(activity.streams.cadence_spm) == 180  # as written: already steps

    def test_lap_totals_that_stop_before_the_trackpoints_are_not_used(self) -> None:
        path = corpus_dir("tcx") / "sportslib__movescount.tcx"
        [activity] = parse_tcx(path.read_bytes())
        assert activity.summary.distance_m is None
        assert "lap totals cover 1999 m" in activity.warnings[0]
