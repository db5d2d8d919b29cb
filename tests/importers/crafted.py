"""Real watch files with one value replaced, as an attacker or a broken exporter would write them."""

from __future__ import annotations

import gzip
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from fastcrc import crc16

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


@dataclass(frozen=True, slots=True)
class FitValue:
    """Where one field value of a FIT data message sits in the file."""

    global_number: int
    field_number: int
    offset: int
    size: int
    endian: str


def fit_values(data: bytes) -> list[FitValue]:
    """Every field value of the data messages of the first FIT file in ``data``, in file order
    (developer fields left out). Walks the message layout as the FIT protocol defines it."""
    header_size = data[0]
    (data_size,) = struct.unpack_from("<I", data, 4)
    position, end = header_size, min(header_size + data_size, len(data))
    definitions: dict[int, tuple[str, int, list[tuple[int, int]], int]] = {}
    found: list[FitValue] = []
    while position < end:
        header = data[position]
        position += 1
        if header & 0x80 or not header & 0x40:  # a data message (compressed header or normal)
            local = (header >> 5) & 0x03 if header & 0x80 else header & 0x0F
            endian, global_number, fields, dev_size = definitions[local]
            for number, size in fields:
                found.append(FitValue(global_number, number, position, size, endian))
                position += size
            position += dev_size
            continue
        endian = "<" if data[position + 1] == 0 else ">"
        (global_number,) = struct.unpack_from(endian + "H", data, position + 2)
        count = data[position + 4]
        position += 5
        fields = [(data[position + 3 * i], data[position + 3 * i + 1]) for i in range(count)]
        position += 3 * count
        dev_size = 0
        if header & 0x20:
            dev_count = data[position]
            dev_size = sum(data[position + 1 + 3 * i + 1] for i in range(dev_count))
            position += 1 + 3 * dev_count
        definitions[header & 0x0F] = (endian, global_number, fields, dev_size)
    return found


def with_fit_crc(data: bytes | bytearray) -> bytes:
    """``data`` (one FIT file) with its file CRC made right again, as a careful forger would."""
    out = bytearray(data)
    (data_size,) = struct.unpack_from("<I", out, 4)
    end = out[0] + data_size
    struct.pack_into("<H", out, end, int(crc16.arc(bytes(out[:end]))))
    return bytes(out)


def fit_with_flipped_bit(
    data: bytes, global_number: int, field_number: int, bit: int, *, nth: int = 0
) -> bytes:
    """The ``nth`` value of a field (e.g. record 20 / distance 5) with one bit flipped, CRC fixed."""
    value = [
        v
        for v in fit_values(data)
        if (v.global_number, v.field_number) == (global_number, field_number)
    ][nth]
    out = bytearray(data)
    byte = value.offset + (bit // 8 if value.endian == "<" else value.size - 1 - bit // 8)
    out[byte] ^= 1 << (bit % 8)
    return with_fit_crc(out)
