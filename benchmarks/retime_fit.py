"""Shift every timestamp of a FIT file by a number of seconds and fix its CRC.

The synthetic history of ``import_bench.py`` is made of real running files re-timed to new days,
so the benchmark decodes real device output, not output of our own writer. Only the date_time
fields this needs are moved: every message's ``timestamp`` (253), ``file_id.time_created``,
``session``/``lap.start_time`` and ``activity.local_timestamp``; compressed-timestamp headers are
relative to the last full timestamp and so move with it.
"""

from __future__ import annotations

import struct

from fastcrc import crc16

# (global message number, field number) of the date_time fields we shift, besides 253 everywhere.
_DATE_FIELDS = {(0, 4), (18, 2), (19, 2), (34, 5)}
_INVALID = 0xFFFFFFFF


def _crc(data: bytes) -> int:
    return int(crc16.arc(data))


def retime_fit(data: bytes, shift_s: int) -> bytes:
    """A copy of ``data`` (one or more chained FIT files) with its timestamps moved by ``shift_s``."""
    out = bytearray(data)
    offset = 0
    while offset + 12 <= len(out):
        header_size = out[offset]
        data_size = struct.unpack_from("<I", out, offset + 4)[0]
        start = offset + header_size
        end = start + data_size
        if out[offset + 8 : offset + 12] != b".FIT" or end + 2 > len(out):
            break
        _shift_records(out, start, end, shift_s)
        struct.pack_into("<H", out, end, _crc(bytes(out[offset:end])))
        offset = end + 2
    return bytes(out)


def _shift_records(out: bytearray, position: int, end: int, shift_s: int) -> None:
    definitions: dict[int, tuple[str, list[tuple[int, int, bool]], int]] = {}
    while position < end:
        header = out[position]
        position += 1
        if header & 0x80:  # compressed timestamp header: a data message of local type bits 5-6
            _, fields, dev_size = definitions[(header >> 5) & 0x03]
            position += sum(size for _, size, _ in fields) + dev_size
        elif header & 0x40:  # definition message
            local = header & 0x0F
            endian = "<" if out[position + 1] == 0 else ">"
            (global_number,) = struct.unpack_from(endian + "H", out, position + 2)
            count = out[position + 4]
            position += 5
            fields = []
            for _ in range(count):
                number, size = out[position], out[position + 1]
                shift = size == 4 and (number == 253 or (global_number, number) in _DATE_FIELDS)
                fields.append((number, size, shift))
                position += 3
            dev_size = 0
            if header & 0x20:
                dev_count = out[position]
                position += 1
                dev_size = sum(out[position + 3 * i + 1] for i in range(dev_count))
                position += 3 * dev_count
            definitions[local] = (endian, fields, dev_size)
        else:
            endian, fields, dev_size = definitions[header & 0x0F]
            for _, size, shift in fields:
                if shift:
                    (value,) = struct.unpack_from(endian + "I", out, position)
                    if value != _INVALID:
                        struct.pack_into(
                            endian + "I", out, position, (value + shift_s) & 0xFFFFFFFF
                        )
                position += size
            position += dev_size
