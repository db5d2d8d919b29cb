"""GPX import: real files from gpxpy, sweatpy and the shared corpus, plus hostile XML."""

from __future__ import annotations

import gzip
import itertools
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from achillescare.domain.activity.features import fast_features, minute_speeds, summarise
from achillescare.importers.base import NotAnActivity, UnreadableFile
from achillescare.importers.fit.reader import parse_fit
from achillescare.importers.xml.gpx import gpx_sport, parse_gpx
from achillescare.importers.xml.tcx import parse_tcx
from tests.conftest import TEST_DATA, corpus_dir

GPX = TEST_DATA / "gpx"
TCX = TEST_DATA / "tcx"


def read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def reference_haversine_m(text: bytes) -> float:
    """Track length by an independent route: regex per segment, math-module haversine.

    Like gpxpy's ``length_2d``, the gap from one segment to the next is not counted.
    """
    total = 0.0
    for segment in re.findall(rb"<trkseg>(.*?)</trkseg>", text, re.DOTALL):
        points = [
            (float(lat), float(lon))
            for lat, lon in re.findall(rb'<trkpt lat="([-0-9.]+)" lon="([-0-9.]+)"', segment)
        ]
        for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
            p1, p2 = math.radians(lat1), math.radians(lat2)
            dp, dl = p2 - p1, math.radians(lon2 - lon1)
            a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
            total += 2 * 6_371_008.8 * math.asin(math.sqrt(a))
    return total


class TestRealFiles:
    def test_it_reads_a_gpsbabel_track_with_times_positions_and_elevation(self) -> None:
        data = read(GPX / "gpxpy__cerknicko-jezero.gpx")
        [activity] = parse_gpx(data)
        streams = activity.streams
        assert streams is not None
        assert len(streams) == 296
        assert activity.start_utc == datetime(2010, 8, 5, 14, 23, 59, tzinfo=UTC)
        assert activity.device == "GPSBabel - http://www.gpsbabel.org"
        assert activity.sport == "other"
        assert streams.altitude_m is not None
        assert np.isfinite(streams.altitude_m).all()
        assert streams.distance_m is not None
        assert streams.distance_m[0] == 0.0
        assert streams.distance_m[-1] == pytest.approx(reference_haversine_m(data), rel=1e-9)
        assert np.all(np.diff(streams.time_s) >= 0)

    def test_it_reads_strava_type_1_as_a_ride_with_heart_rate_and_no_step_cadence(self) -> None:
        [activity] = parse_gpx(read(GPX / "sweatpy__4801048867_strava.gpx.gz"))
        assert activity.sport == "cycling"
        assert activity.device == "StravaGPX"
        streams = activity.streams
        assert streams is not None
        assert streams.heart_rate_bpm is not None
        assert 60 < float(np.nanmean(streams.heart_rate_bpm)) < 200
        assert streams.cadence_spm is None

    def test_it_reads_garmin_trackpointextension_heart_rate(self) -> None:
        [activity] = parse_gpx(read(GPX / "sweatpy__activity_4801048867.gpx.gz"))
        assert activity.device == "Garmin Connect"
        streams = activity.streams
        assert streams is not None
        assert streams.heart_rate_bpm is not None
        assert np.count_nonzero(np.isfinite(streams.heart_rate_bpm)) == len(streams)

    def test_it_reads_gpx_1_0_speed(self) -> None:
        [activity] = parse_gpx(read(GPX / "gpxpy__track_with_speed.gpx"))
        assert activity.streams is not None
        assert activity.streams.speed_m_s is not None
        assert activity.streams.speed_m_s.tolist() == [1.2, 2.2, 3.2]
        assert activity.streams.time_s.tolist() == [0.0, 6.0, 13.0]

    def test_it_skips_empty_segments(self) -> None:
        [activity] = parse_gpx(read(GPX / "gpxpy__track-with-empty-segment.gpx"))
        assert activity.streams is not None
        assert len(activity.streams) == 9

    def test_it_leaves_out_points_without_time_and_says_so(self) -> None:
        [activity] = parse_gpx(read(GPX / "gpxpy__cerknicko-without-times.gpx"))
        assert activity.streams is not None
        assert len(activity.streams) == 5
        assert activity.warnings == ("291 of 296 points have no time and were left out",)

    def test_a_point_with_a_time_that_is_not_a_date_is_left_out(self) -> None:
        data = read(GPX / "gpxpy__cerknicko-jezero.gpx")
        last = data.rindex(b"<time>")
        broken = data[:last] + b"<time>soon" + data[data.index(b"</time>", last) :]
        assert broken != data
        [activity] = parse_gpx(broken)
        assert activity.streams is not None
        assert len(activity.streams) == 295
        assert activity.warnings == (
            "1 of 296 points have a time that is not a date (e.g. 'soon') and were left out",
        )

    def test_it_treats_all_zero_elevations_as_no_elevation(self) -> None:
        [parsed] = parse_gpx(read(GPX / "gpxpy__cerknicko-jezero-with-elevations-zero.gpx"))
        activity = summarise(
            parsed, source="x", source_kind="gpx", content_sha256=None, fast_speed_m_s=None
        )
        assert activity.elevation_gain_m is None
        assert activity.uphill_m is None


class TestEncodings:
    """The same track reads the same in UTF-16 and in a single-byte encoding expat lacks."""

    def _same_track(self, data: bytes) -> None:
        [expected] = parse_gpx(read(GPX / "gpxpy__cerknicko-jezero.gpx"))
        [activity] = parse_gpx(data)
        assert activity.start_utc == expected.start_utc
        assert activity.streams is not None
        assert expected.streams is not None
        assert np.array_equal(activity.streams.time_s, expected.streams.time_s)
        assert activity.streams.distance_m is not None
        assert expected.streams.distance_m is not None
        assert np.array_equal(activity.streams.distance_m, expected.streams.distance_m)

    def test_utf16_with_a_byte_order_mark(self) -> None:
        text = read(GPX / "gpxpy__cerknicko-jezero.gpx").decode("utf-8")
        self._same_track(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))

    def test_windows_1252(self) -> None:
        text = read(GPX / "gpxpy__cerknicko-jezero.gpx").decode("utf-8")
        self._same_track(
            text.replace('encoding="UTF-8"', 'encoding="windows-1252"').encode("cp1252")
        )

    def test_an_unknown_encoding_is_refused_with_its_name(self) -> None:
        text = read(GPX / "gpxpy__cerknicko-jezero.gpx").decode("utf-8")
        with pytest.raises(UnreadableFile, match="unknown text encoding 'klingon'"):
            parse_gpx(text.replace('encoding="UTF-8"', 'encoding="klingon"').encode())


class TestRefusals:
    def test_it_refuses_a_track_without_any_time(self) -> None:
        with pytest.raises(UnreadableFile, match="no track point has a time"):
            parse_gpx(read(GPX / "gpxpy__track-with-extremes.gpx"))

    def test_a_route_is_not_an_activity(self) -> None:
        with pytest.raises(NotAnActivity, match="route or waypoints"):
            parse_gpx(read(GPX / "gpxpy__route.gpx"))

    def test_a_byte_order_mark_is_fine_and_waypoints_are_not_an_activity(self) -> None:
        data = read(GPX / "gpxpy__unicode_with_bom.gpx")
        assert data.startswith(b"\xef\xbb\xbf")
        with pytest.raises(NotAnActivity):
            parse_gpx(data)

    def test_it_names_the_line_of_malformed_xml(self) -> None:
        data = read(GPX / "gpxpy__cerknicko-jezero.gpx")
        lines = data.split(b"\n")
        broken = b"\n".join([*lines[:40], b"<trkpt lat=1>", *lines[40:]])
        with pytest.raises(UnreadableFile, match=r"^malformed XML at line 41: not well-formed"):
            parse_gpx(broken)

    def test_it_counts_lines_from_the_file_start_when_blank_lines_precede_the_declaration(
        self,
    ) -> None:
        truncated = read(GPX / "gpxpy__cerknicko-jezero.gpx")[:5000]
        last_line = truncated.count(b"\n") + 1
        with pytest.raises(UnreadableFile, match=rf"^malformed XML at line {last_line + 2}: "):
            parse_gpx(b"\n\n  " + truncated)
        [activity] = parse_gpx(b"\n\n  " + read(GPX / "gpxpy__cerknicko-jezero.gpx"))
        assert activity.streams is not None

    def test_an_empty_file_is_unreadable(self) -> None:
        with pytest.raises(UnreadableFile, match="empty file"):
            parse_gpx(b"  \n")

    def test_a_truncated_file_is_unreadable(self) -> None:
        data = read(GPX / "gpxpy__korita-zbevnica.gpx")
        with pytest.raises(UnreadableFile, match="malformed XML"):
            parse_gpx(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("text", "sport"),
    [("9", "running"), ("1", "cycling"), ("running", "running"), ("Running", "running"),
     ("Hike", "hiking"), ("42", "other"), (None, "other")],
)  # fmt: skip
def test_it_maps_gpx_types_to_sports(text: str | None, sport: str) -> None:
    assert gpx_sport(text) == sport


class TestCorpus:
    def test_every_corpus_gpx_parses_or_is_refused_with_one_line(self) -> None:
        folder = corpus_dir("gpx")
        parsed: list[str] = []
        refused: dict[str, str] = {}
        for path in sorted(folder.glob("*.gpx")):
            try:
                activities = parse_gpx(path.read_bytes())
            except (UnreadableFile, NotAnActivity) as error:
                refused[path.name] = str(error)
                continue
            assert len(activities) == 1, path.name
            parsed.append(path.name)
        for name, reason in refused.items():
            assert reason, name
            assert "\n" not in reason, name
            assert len(reason) < 160, name
        assert len(parsed) >= 25
        assert len(refused) >= 5

    def test_it_reads_a_strava_file_with_an_undeclared_namespace_prefix(self) -> None:
        path = corpus_dir("gpx") / "sportslib__6037744996.gpx"
        [activity] = parse_gpx(path.read_bytes())
        assert activity.sport == "running"
        assert activity.streams is not None
        assert len(activity.streams) == 4040
        assert activity.streams.cadence_spm is not None

    def test_strava_type_9_is_a_run_with_cadence_doubled_to_steps(self) -> None:
        path = corpus_dir("gpx") / "sportslib__1681613317.gpx"
        data = path.read_bytes()
        [activity] = parse_gpx(data)
        assert activity.sport == "running"
        assert activity.name == "Run avec Nico & Mag"
        assert activity.streams is not None
        assert activity.streams.cadence_spm is not None
        assert activity.streams.cadence_spm[0] == 2 * 45  # <gpxtpx:cad>45</gpxtpx:cad>
        assert activity.streams.heart_rate_bpm is not None
        assert activity.streams.heart_rate_bpm[0] == 76


class TestSameRunOtherFormat:
    """The same activity exported as GPX and TCX gives the same start and distance."""

    def test_a_garmin_connect_ride_agrees_between_gpx_and_tcx(self) -> None:
        [gpx] = parse_gpx(read(GPX / "sweatpy__activity_4801048867.gpx.gz"))
        [tcx] = parse_tcx(read(TCX / "sweatpy__activity_4801048867.tcx.gz"))
        assert gpx.start_utc == tcx.start_utc
        a = summarise(gpx, source="g", source_kind="gpx", content_sha256=None, fast_speed_m_s=None)
        b = summarise(tcx, source="t", source_kind="tcx", content_sha256=None, fast_speed_m_s=None)
        assert a.distance_m == pytest.approx(b.distance_m, rel=0.03)
        assert a.duration_s == pytest.approx(b.duration_s, rel=0.01)

    def test_fast_running_and_strides_do_not_depend_on_the_file_format(self) -> None:
        """One run recorded as FIT, TCX and GPX: judged by the watch's speed channel it counted
        6 strides from the FIT and 26 from the GPX; judged by distance, as now, they agree."""
        folder = corpus_dir()
        name = "sportslib__6782987395"
        [fit] = parse_fit((folder / "fit" / f"{name}.fit").read_bytes())
        [tcx] = parse_tcx((folder / "tcx" / f"{name}.tcx").read_bytes())
        [gpx] = parse_gpx((folder / "gpx" / f"{name}.gpx").read_bytes())
        streams = {"fit": fit.streams, "tcx": tcx.streams, "gpx": gpx.streams}
        assert fit.streams is not None
        threshold = float(np.percentile(minute_speeds(fit.streams), 90))  # as a runner's default
        figures = {k: fast_features(v, threshold) for k, v in streams.items() if v is not None}
        fast_s = {k: seconds for k, (seconds, _, _) in figures.items()}
        strides = {k: bouts for k, (_, _, bouts) in figures.items()}
        assert set(strides) == {"fit", "tcx", "gpx"}
        assert strides["fit"] == strides["tcx"]
        assert strides["gpx"] == pytest.approx(strides["fit"], rel=0.2)
        assert strides["fit"] >= 15  # the channel's 6 is gone
        assert fast_s["gpx"] == pytest.approx(fast_s["fit"], rel=0.1)

    def test_a_forerunner_run_agrees_between_gpx_and_tcx(self) -> None:
        folder = corpus_dir()
        [gpx] = parse_gpx((folder / "gpx" / "sportslib__6782987395.gpx").read_bytes())
        [tcx] = parse_tcx((folder / "tcx" / "sportslib__6782987395.tcx").read_bytes())
        assert gpx.start_utc == tcx.start_utc == datetime(2019, 6, 15, 9, 42, 23, tzinfo=UTC)
        a = summarise(gpx, source="g", source_kind="gpx", content_sha256=None, fast_speed_m_s=None)
        b = summarise(tcx, source="t", source_kind="tcx", content_sha256=None, fast_speed_m_s=None)
        assert a.distance_m == pytest.approx(b.distance_m, rel=0.03)
        assert b.distance_m == pytest.approx(14004.85, rel=0.005)  # the FIT session's total
        # The FIT session states 347 m ascent / 371 m descent for this run.
        assert a.elevation_gain_m == pytest.approx(347, rel=0.1)
        assert a.elevation_loss_m == pytest.approx(371, rel=0.1)
        # FIT: 79 + 0.72 strides/min; ours averages moving time only, zeros excluded.
        assert a.avg_cadence_spm == pytest.approx(2 * 79.7, rel=0.06)
