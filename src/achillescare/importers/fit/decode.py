"""A fast, defensive FIT decoder: bytes in, columns of the few messages we need out.

Why our own decoder: measured with ``benchmarks/fit_bench.py`` (fitdecode,
and fitfast when installed), no existing Python FIT parser is both fast and safe on damaged
input (fitdecode only warns on a bad CRC, the Rust-backed ones panic on one flipped byte). The
FIT format lends itself to vectorising: a definition message fixes the byte layout of every data
message that uses its local message type, so

1. one tight Python loop walks the file from message header to message header, using a 256-entry
   table "header byte → message size" that is rebuilt at each definition (definitions are rare);
2. the data messages are grouped by definition, and each group is decoded at once: its rows are
   gathered from the buffer and viewed through a NumPy structured dtype built from the definition
   (field offsets, base types, endianness);
3. invalid-value sentinels become NaN, the profile's scale and offset are applied, and the
   groups of one global message are merged back into file order.

Handled: normal and compressed-timestamp record headers, little- and big-endian definitions,
developer fields (their bytes are skipped), chained FIT files, ``compressed_speed_distance``
(12-bit speed and rolling distance), truncated files and bad CRCs (the readable part is kept and a
warning says so). Only a file with nothing readable raises :class:`UnreadableFile`.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
from fastcrc import crc16

from achillescare.domain.activity.plausibility import MAX_SAMPLES, too_many_samples
from achillescare.importers.base import UnreadableFile
from achillescare.importers.fit.columns import (
    Definition,
    FloatArray,
    IntArray,
    MessageTable,
    Scan,
    decode_tables,
    merge,
)
from achillescare.importers.fit.profile import FILE_ID, RECORD

__all__ = ["FitData", "FloatArray", "IntArray", "MessageTable", "decode_fit"]

_MIN_HEADER_SIZE = 12
_CRC_HEADER_SIZE = 14


@dataclass(frozen=True, slots=True)
class FitData:
    """What :func:`decode_fit` read: the wanted messages of every chained file, in file order."""

    messages: dict[int, MessageTable]
    file_types: tuple[int | None, ...]
    """``file_id.type`` of each chained FIT file (None when absent)."""
    warnings: tuple[str, ...]

    def table(self, global_num: int) -> MessageTable | None:
        return self.messages.get(global_num)

    @property
    def record_count(self) -> int:
        records = self.messages.get(RECORD)
        return 0 if records is None else len(records)


def decode_fit(data: bytes) -> FitData:
    """Decode every chained FIT file in ``data``; raise UnreadableFile if nothing is readable."""
    if not data:
        raise UnreadableFile("empty file (0 bytes)")
    buffer = np.frombuffer(data, dtype=np.uint8)
    warnings: list[str] = []
    parts: list[dict[int, MessageTable]] = []
    file_types: list[int | None] = []
    pos = 0
    while pos < len(data):
        index = len(parts)
        header = _read_header(data, pos)
        if isinstance(header, str):
            if index == 0:
                raise UnreadableFile(header)
            warnings.append(f"ignored {len(data) - pos} bytes after FIT file {index}: {header}")
            break
        header_size, data_size, header_crc_ok = header
        if not header_crc_ok:
            warnings.append(f"bad header CRC in FIT file {index + 1} (decoded anyway)")
        start, data_end = pos + header_size, pos + header_size + data_size
        end = min(data_end, len(data))
        scan = _scan(data, start, end)
        globals_ = np.array([d.global_num for d in scan.definitions], dtype=np.int64)
        if np.count_nonzero(globals_[scan.def_ids] == RECORD) > MAX_SAMPLES:
            raise UnreadableFile(too_many_samples("records"))
        tables = decode_tables(buffer, scan, index)
        parts.append(tables)
        file_types.append(_file_type(tables.get(FILE_ID)))
        records = len(tables[RECORD]) if RECORD in tables else 0
        kept = f"kept {records} readable records"
        prefix = f"FIT file {index + 1}: " if index else ""
        if scan.problem is not None and not (scan.cut_off and data_end > len(data)):
            warnings.append(f"{prefix}{scan.problem}: {kept}")
        if data_end > len(data):
            missing = data_end - len(data)
            warnings.append(
                f"{prefix}file ends early (missing {missing} data bytes and the file CRC): {kept}"
            )
            break
        if data_end + 2 > len(data):
            warnings.append(f"{prefix}file ends early (missing the file CRC): {kept}")
            break
        stored_crc = int.from_bytes(data[data_end : data_end + 2], "little")
        if crc16.arc(data[pos:data_end]) != stored_crc:
            warnings.append(f"{prefix}bad file CRC: {kept}")
        pos = data_end + 2
    return FitData(merge(parts), tuple(file_types), tuple(warnings))


def _read_header(data: bytes, pos: int) -> tuple[int, int, bool] | str:
    """(header size, data size, header CRC fine) or the reason this is not a FIT header."""
    available = len(data) - pos
    if available < _MIN_HEADER_SIZE:
        return f"{available} bytes are too short for a FIT header"
    header_size = data[pos]
    if data[pos + 8 : pos + 12] != b".FIT":
        return "not a FIT file (no '.FIT' signature in the header)"
    if header_size < _MIN_HEADER_SIZE or header_size > available:
        return f"corrupt FIT header (header size {header_size})"
    data_size = int.from_bytes(data[pos + 4 : pos + 8], "little")
    if data_size == 0:
        return "FIT header declares 0 data bytes"
    crc_ok = True
    if header_size >= _CRC_HEADER_SIZE:
        header_crc = int.from_bytes(data[pos + 12 : pos + 14], "little")
        crc_ok = header_crc == 0 or header_crc == crc16.arc(data[pos : pos + 12])
    return header_size, data_size, crc_ok


MAX_MESSAGES = 4 * MAX_SAMPLES
"""Data messages of one FIT file: records, plus the laps, events, device and heart-rate
variability messages that come with them (HRV writes one per few beats). Checked while
walking the file, so a file far beyond it is refused before its messages fill the memory."""


def _refuse_if_full(room: int) -> None:
    if not room:
        raise UnreadableFile(too_many_samples("messages", MAX_MESSAGES))


def _scan(data: bytes, pos: int, end: int) -> Scan:
    """Walk the messages of one FIT file; data messages are noted, definitions parsed.

    ``sizes[header byte]`` is the whole message size (header included) of a data message with
    that header, or 0 when its local type is undefined. Segments record which definition each
    local message type pointed to between two definitions.
    """
    definitions: list[Definition] = []
    known: dict[bytes, int] = {}  # definition bytes → index: a repeated definition reuses its group
    local_defs = [-1] * 16
    sizes = [0] * 256
    starts = array("q")  # 8 bytes a message where a list of ints takes 36
    segment_starts: list[int] = []
    segment_tables: list[list[int]] = []
    problem: str | None = None
    cut_off = False
    append = starts.append
    room = MAX_MESSAGES
    while True:
        while pos < end and room:
            size = sizes[data[pos]]
            if not size or pos + size > end:
                break
            append(pos)
            pos += size
            room -= 1
        _refuse_if_full(room)
        if pos >= end:
            break
        header = data[pos]
        if header & 0xC0 != 0x40:
            cut_off = bool(sizes[header])
            problem = (
                f"message cut off at byte {pos}"
                if cut_off
                else f"undefined local message type {_local_type(header)} at byte {pos}"
            )
            break
        span = _definition_end(data, pos, end, header)
        if span is None:
            problem, cut_off = f"definition message cut off at byte {pos}", True
            break
        if isinstance(span, str):
            problem = span
            break
        key = data[pos + 2 : span] + (b"d" if header & 0x20 else b"")
        def_id = known.get(key)
        if def_id is None:
            def_id = known[key] = len(definitions)
            definitions.append(_parse_definition(data, pos, header))
        pos = span
        local = header & 0x0F
        if local_defs[local] == def_id:
            continue  # the same definition again (some devices repeat it before every message)
        local_defs[local] = def_id
        segment_starts.append(len(starts))
        segment_tables.append(local_defs.copy())
        _set_size(sizes, local, definitions[def_id].size + 1)
    start_array: IntArray = np.frombuffer(starts, dtype=np.int64)
    def_ids = _definition_of_each(data, start_array, segment_starts, segment_tables)
    return Scan(definitions, start_array, def_ids, problem, cut_off)


def _set_size(sizes: list[int], local: int, full: int) -> None:
    """Every header byte of a data message of local type ``local`` now means ``full`` bytes.

    Normal headers are tolerated with their reserved bits set; compressed-timestamp headers carry
    local types 0–3 and any 5-bit time offset.
    """
    if sizes[local] == full:
        return
    sizes[local] = sizes[local | 0x10] = sizes[local | 0x20] = sizes[local | 0x30] = full
    if local < 4:
        first = 0x80 | local << 5
        sizes[first : first + 32] = [full] * 32


def _definition_of_each(
    data: bytes, starts: IntArray, segment_starts: list[int], segment_tables: list[list[int]]
) -> IntArray:
    """The definition index of each data message, from its header's local type and segment."""
    if not len(starts):
        return np.empty(0, dtype=np.int64)
    header_bytes = np.frombuffer(data, dtype=np.uint8)[starts].astype(np.int64)
    compressed = header_bytes >= 0x80
    locals_ = np.where(compressed, (header_bytes >> 5) & 0x03, header_bytes & 0x0F)
    segment = np.searchsorted(np.asarray(segment_starts), np.arange(len(starts)), "right") - 1
    return np.asarray(segment_tables, dtype=np.int64)[segment, locals_]


def _local_type(header: int) -> int:
    return (header >> 5) & 0x03 if header & 0x80 else header & 0x0F


def _definition_end(data: bytes, pos: int, end: int, header: int) -> int | str | None:
    """Where the definition message at ``pos`` ends, why it is corrupt, or None if it is cut off."""
    if pos + 6 > end:
        return None
    if data[pos + 2] > 1:
        return f"corrupt definition message at byte {pos} (architecture {data[pos + 2]})"
    cursor = pos + 6 + 3 * data[pos + 5]
    if header & 0x20:
        if cursor >= end:
            return None
        cursor += 1 + 3 * data[cursor]
    return None if cursor > end else cursor


def _parse_definition(data: bytes, pos: int, header: int) -> Definition:
    """Parse the definition message at ``pos`` (already bounds-checked by _definition_end)."""
    big_endian = data[pos + 2] == 1
    global_num = int.from_bytes(data[pos + 3 : pos + 5], "big" if big_endian else "little")
    count = data[pos + 5]
    cursor = pos + 6
    fields: list[tuple[int, int, int, int]] = []
    offset = 0
    for _ in range(count):
        number, size, base_type = data[cursor], data[cursor + 1], data[cursor + 2]
        fields.append((number, offset, size, base_type))
        offset += size
        cursor += 3
    if header & 0x20:
        dev_count = data[cursor]
        offset += sum(data[cursor + 3 * i + 2] for i in range(dev_count))
    return Definition(global_num, big_endian, tuple(fields), offset)


def _file_type(file_id: MessageTable | None) -> int | None:
    if file_id is None:
        return None
    types = file_id.fields.get("type")
    if types is None or not np.isfinite(types).any():
        return None
    return int(types[np.isfinite(types)][0])
