"""Real watch files with one value replaced, as an attacker or a broken exporter would write them."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from tests.conftest import TEST_DATA

_TIME = re.compile(rb"<(?P<tag>(?:\w+:)?(?:time|Time))>[^<]*</(?P=tag)>")


def with_time(data: bytes, value: bytes, *, at: int) -> bytes:
    """``data`` with the text of its ``at``-th ``<time>``/``<Time>`` element (0-based) replaced."""
    matches = list(_TIME.finditer(data))
    match = matches[at]
    tag = match.group("tag")
    element = b"<" + tag + b">" + value + b"</" + tag + b">"
    return data[: match.start()] + element + data[match.end() :]


def times_count(data: bytes) -> int:
    return len(_TIME.findall(data))


def with_all_times(data: bytes, suffix: bytes) -> bytes:
    """Every time written with ``suffix`` as its offset instead of ``Z`` (``+02:00``)."""

    def rewrite(match: re.Match[bytes]) -> bytes:
        tag = match.group("tag")
        text = match.group(0)[len(tag) + 2 : -(len(tag) + 3)].strip().rstrip(b"Zz")
        return b"<" + tag + b">" + text + suffix + b"</" + tag + b">"

    return _TIME.sub(rewrite, data)


def hostile_batch(folder: Path) -> dict[str, Path]:
    """Files with the time values that used to crash an import, plus one good file."""
    korita = (TEST_DATA / "gpx" / "gpxpy__korita-zbevnica.gpx").read_bytes()
    tcx = gzip.decompress((TEST_DATA / "tcx" / "tcxparser__test.tcx.gz").read_bytes())
    files = {
        "zero.gpx": with_time(korita, b"0", at=300),
        "minus-year-1.gpx": with_time(korita, b"-0001-01-01T00:00:00Z", at=300),
        "offsets.gpx": with_time(with_all_times(korita, b"+02:00"), b"garbage+02:00", at=300),
        "zero.tcx": with_time(tcx, b"0", at=5),
        "runs.csv": (
            b"date,distance_km,duration\n"
            b"2020-01-01T07:00:00+02:00,5,30:00\n"
            b"0001-01-01T00:00:00+02:00,5,30:00\n"
        ),
        "good.gpx": (TEST_DATA / "gpx" / "gpxpy__cerknicko-jezero.gpx").read_bytes(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths
