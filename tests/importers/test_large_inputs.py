"""Large inputs are read as streams and refused early: a 200 MB upload must not need gigabytes.

Peak memory itself is measured by ``benchmarks/import_memory.py``; these tests pin the behaviour
that keeps it bounded: the header of a CSV is checked before its rows are read, activity lists
and tracks have a size beyond which they are refused before being read whole, and a track read
in pieces is the same track.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from achillescare.domain.activity.plausibility import MAX_SAMPLES
from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.runs_csv import read_runs_table
from achillescare.importers.exports.strava import read_activities_csv
from achillescare.importers.fit.reader import parse_fit
from achillescare.importers.limits import MAX_LIST_ROWS
from achillescare.importers.xml.gpx import parse_gpx
from achillescare.importers.xml.track import FLUSH_POINTS
from tests.conftest import TEST_DATA
from tests.importers.crafted import with_fit_crc

CERKNICA = TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx"  # 296 points
FENIX2 = TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit"  # 2,809 records


def test_a_csv_that_is_not_a_list_of_runs_is_recognised_from_its_header_without_reading_on() -> (
    None
):
    """A broken row far below a foreign header is never reached (it was: the whole file was
    parsed into rows before the header was looked at)."""
    header = b"nr. sessions,total km,km Z3-4,km Z5-T1-T2,km sprinting,strength,hours,effort\n"
    rows = b"1.0,5.8,0.0,0.6,1.2,0.0,0.0,0.11\n" * 1000
    broken = b'"' + b"x" * (csv.field_size_limit() + 1) + b'"\n'
    data = header + rows + broken
    assert read_runs_table(data) is None
    assert read_activities_csv(data) is None


def test_a_list_of_more_runs_than_the_limit_is_refused_with_the_reason() -> None:
    line = b"2024-05-01,5,30:00\n"
    data = b"date,distance_km,duration\n" + line * (MAX_LIST_ROWS + 1)
    with pytest.raises(UnreadableFile, match="more than 50,000 activities"):
        read_runs_table(data)
    assert read_runs_table(data[: -len(line)]) is not None


def test_a_track_longer_than_a_week_of_points_is_refused_before_it_is_read_whole() -> None:
    data = CERKNICA.read_bytes()
    first = data.index(b"<trkpt")
    last = data.rindex(b"</trkpt>") + len(b"</trkpt>")
    point = b'<trkpt lat="45.1" lon="14.3"><time>2010-08-06T10:36:35Z</time></trkpt>\n'
    grown = data[:first] + point * (MAX_SAMPLES + FLUSH_POINTS) + data[last:]
    with pytest.raises(UnreadableFile, match="more than 604,800 track points, more than a week"):
        parse_gpx(grown)


def test_a_track_read_in_pieces_is_the_whole_track() -> None:
    data = CERKNICA.read_bytes()
    first = data.index(b"<trkpt")
    last = data.rindex(b"</trkpt>") + len(b"</trkpt>")
    copies = FLUSH_POINTS // 296 + 2
    [one] = parse_gpx(data)
    [many] = parse_gpx(data[:first] + data[first:last] * copies + data[last:])
    assert one.streams is not None
    assert many.streams is not None
    assert len(many.streams) == copies * len(one.streams)
    for name in ("latitude_deg", "longitude_deg", "altitude_m"):
        single, repeated = getattr(one.streams, name), getattr(many.streams, name)
        assert np.array_equal(np.sort(np.tile(single, copies)), np.sort(repeated), equal_nan=True)


def test_a_fit_file_with_more_records_than_a_week_is_refused_before_decoding() -> None:
    source = FENIX2.read_bytes()
    header_size = source[0]
    body = source[header_size : header_size + int.from_bytes(source[4:8], "little")]
    copies = MAX_SAMPLES // 2809 + 1
    header = bytearray(source[:header_size])
    header[4:8] = (len(body) * copies).to_bytes(4, "little")
    header[12:14] = b"\x00\x00"
    grown = with_fit_crc(bytes(header) + body * copies + b"\x00\x00")
    with pytest.raises(UnreadableFile, match="more than 604,800 records"):
        parse_fit(grown)
