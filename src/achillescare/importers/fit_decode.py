"""A fast, defensive FIT decoder: bytes in, columns of the few messages we need out.

Why our own decoder: measured on this machine (``/work/shared/notes/fit-decoding.md`` and
``benchmarks/fit_bench.py``), no existing Python FIT parser is both fast and safe on damaged
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

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from fastcrc import crc16

from achillescare.importers.base import UnreadableFile
from achillescare.importers.fit_profile import (
    COMPRESSED_SPEED_DISTANCE_FIELD,
    FIELDS,
    FILE_ID,
    RECORD,
    TIMESTAMP_FIELD,
    FieldSpec,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# FIT base type (low 5 bits of the base-type byte) → (NumPy kind, size in bytes, invalid raw value).
_BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0x00: ("u", 1, 0xFF),  # enum
    0x01: ("i", 1, 0x7F),
    0x02: ("u", 1, 0xFF),
    0x03: ("i", 2, 0x7FFF),
    0x04: ("u", 2, 0xFFFF),
    0x05: ("i", 4, 0x7FFF_FFFF),
    0x06: ("u", 4, 0xFFFF_FFFF),
    0x08: ("f", 4, None),  # the invalid float is all ones, which is already NaN
    0x09: ("f", 8, None),
    0x0A: ("u", 1, 0),  # uint8z
    0x0B: ("u", 2, 0),
    0x0C: ("u", 4, 0),
    0x0E: ("i", 8, 0x7FFF_FFFF_FFFF_FFFF),
    0x0F: ("u", 8, 0xFFFF_FFFF_FFFF_FFFF),
    0x10: ("u", 8, 0),
}
_MIN_HEADER_SIZE = 12
_CRC_HEADER_SIZE = 14
_CSD_SPEED = "compressed_speed"
_CSD_DISTANCE = "compressed_distance"


@dataclass(frozen=True, slots=True)
class MessageTable:
    """All decoded messages of one global message number, in file order, one column per field.

    A field absent from a message (not in its definition, or the invalid sentinel) is NaN.
    ``position`` is the byte offset of each message's header in the whole file.
    """

    position: IntArray
    fields: dict[str, FloatArray]
    chained_file: IntArray
    """Index of the chained FIT file each message came from (0 for most files)."""

    def __len__(self) -> int:
        return len(self.position)

    def column(self, name: str) -> FloatArray | None:
        """The field's values, or None when no message has a valid value for it."""
        values = self.fields.get(name)
        if values is None or not np.isfinite(values).any():
            return None
        return values


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


@dataclass(frozen=True, slots=True)
class _Definition:
    global_num: int
    big_endian: bool
    fields: tuple[tuple[int, int, int, int], ...]
    """(field number, offset in the message content, size, base type byte)."""
    size: int
    """Content size in bytes, developer fields included."""


@dataclass(frozen=True, slots=True)
class _Scan:
    definitions: list[_Definition]
    starts: IntArray
    def_ids: IntArray
    problem: str | None
    end: int


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
        tables = _decode_tables(buffer, scan, index)
        parts.append(tables)
        file_types.append(_file_type(tables.get(FILE_ID)))
        records = len(tables[RECORD]) if RECORD in tables else 0
        kept = f"kept {records} readable records"
        if scan.problem is not None:
            warnings.append(f"FIT file {index + 1}: {scan.problem}: {kept}")
        if data_end + 2 > len(data):
            missing = max(0, data_end - len(data))
            cut = f"{missing} data bytes and the file CRC" if missing else "the file CRC"
            warnings.append(f"file ends early (missing {cut}): {kept}")
            break
        stored_crc = int.from_bytes(data[data_end : data_end + 2], "little")
        if crc16.arc(data[pos:data_end]) != stored_crc:
            warnings.append(f"bad file CRC: {kept}")
        pos = data_end + 2
    return FitData(_merge(parts), tuple(file_types), tuple(warnings))


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


def _scan(data: bytes, pos: int, end: int) -> _Scan:
    """Walk the messages of one FIT file; data messages are noted, definitions parsed.

    ``sizes[header byte]`` is the whole message size (header included) of a data message with
    that header, or 0 when its local type is undefined. Segments record which definition each
    local message type pointed to between two definitions.
    """
    definitions: list[_Definition] = []
    known: dict[bytes, int] = {}  # definition bytes → index: a repeated definition reuses its group
    local_defs = [-1] * 16
    sizes = [0] * 256
    starts: list[int] = []
    segment_starts: list[int] = []
    segment_tables: list[list[int]] = []
    problem: str | None = None
    append = starts.append
    while True:
        while pos < end:
            size = sizes[data[pos]]
            if not size or pos + size > end:
                break
            append(pos)
            pos += size
        if pos >= end:
            break
        header = data[pos]
        if header & 0xC0 != 0x40:
            if sizes[header]:
                problem = f"message cut off at byte {pos}"
            else:
                problem = f"undefined local message type {_local_type(header)} at byte {pos}"
            break
        span = _definition_end(data, pos, end, header)
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
        full = definitions[def_id].size + 1
        if sizes[local] != full:
            sizes[local] = sizes[local | 0x10] = sizes[local | 0x20] = sizes[local | 0x30] = full
            if local < 4:
                first = 0x80 | local << 5
                sizes[first : first + 32] = [full] * 32
    start_array = np.asarray(starts, dtype=np.int64)
    def_ids = _definition_of_each(data, start_array, segment_starts, segment_tables)
    return _Scan(definitions, start_array, def_ids, problem, end)


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


def _definition_end(data: bytes, pos: int, end: int, header: int) -> int | str:
    """Where the definition message at ``pos`` ends, or why it cannot be read."""
    if pos + 6 > end:
        return f"definition message cut off at byte {pos}"
    if data[pos + 2] > 1:
        return f"corrupt definition message at byte {pos} (architecture {data[pos + 2]})"
    cursor = pos + 6 + 3 * data[pos + 5]
    if header & 0x20:
        if cursor >= end:
            return f"definition message cut off at byte {pos}"
        cursor += 1 + 3 * data[cursor]
    if cursor > end:
        return f"definition message cut off at byte {pos}"
    return cursor


def _parse_definition(data: bytes, pos: int, header: int) -> _Definition:
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
    return _Definition(global_num, big_endian, tuple(fields), offset)


def _decode_tables(
    buffer: npt.NDArray[np.uint8], scan: _Scan, chained_file: int
) -> dict[int, MessageTable]:
    """Decode the wanted messages of one scanned FIT file, grouped by global message number."""
    if not len(scan.starts):
        return {}
    message_ts = _compressed_timestamps(buffer, scan)
    order = np.argsort(scan.def_ids, kind="stable")
    sorted_ids = scan.def_ids[order]
    bounds = np.flatnonzero(np.diff(sorted_ids)) + 1
    groups: dict[int, list[tuple[IntArray, dict[str, FloatArray]]]] = {}
    for chunk in np.split(order, bounds):
        definition = scan.definitions[int(scan.def_ids[chunk[0]])]
        specs = FIELDS.get(definition.global_num)
        if specs is None:
            continue
        starts = scan.starts[chunk]
        fields = _decode_group(buffer, starts + 1, definition, specs)
        if message_ts is not None and TIMESTAMP_FIELD in specs:
            from_header = message_ts[chunk]
            explicit = fields.get("timestamp")
            fields["timestamp"] = (
                from_header
                if explicit is None
                else np.where(np.isnan(explicit), from_header, explicit)
            )
        groups.setdefault(definition.global_num, []).append((starts, fields))
    return {num: _concat(parts, chained_file) for num, parts in groups.items()}


def _decode_group(
    buffer: npt.NDArray[np.uint8],
    content: IntArray,
    definition: _Definition,
    specs: dict[int, FieldSpec],
) -> dict[str, FloatArray]:
    """Decode the wanted fields of messages sharing one definition with one structured dtype."""
    endian = ">" if definition.big_endian else "<"
    names: list[str] = []
    formats: list[str] = []
    offsets: list[int] = []
    chosen: list[tuple[str, FieldSpec, int | None]] = []
    for number, offset, size, base_type in definition.fields:
        if definition.global_num == RECORD and number == COMPRESSED_SPEED_DISTANCE_FIELD:
            if size >= 3:
                names.append(_CSD_SPEED)
                formats.append("3u1")
                offsets.append(offset)
            continue
        spec = specs.get(number)
        base = _BASE_TYPES.get(base_type & 0x1F)
        if spec is None or base is None or spec.name in names:
            continue
        kind, type_size, invalid = base
        if size < type_size or size % type_size:
            continue  # a field size that is not a multiple of its type: unreadable, skip it
        names.append(spec.name)
        formats.append(f"{endian}{kind}{type_size}")
        offsets.append(offset)
        chosen.append((spec.name, spec, invalid))
    if not names or definition.size == 0 or not len(content):
        return {}
    dtype = np.dtype(
        {"names": names, "formats": formats, "offsets": offsets, "itemsize": definition.size}
    )
    windows = np.lib.stride_tricks.sliding_window_view(buffer, definition.size)
    rows = np.ascontiguousarray(windows[content]).view(dtype)[:, 0]
    out: dict[str, FloatArray] = {}
    for name, spec, invalid in chosen:
        raw = rows[name]
        values = raw.astype(np.float64)
        if invalid is not None:
            values[raw == invalid] = np.nan
        if spec.scale != 1.0:
            values /= spec.scale
        if spec.offset:
            values -= spec.offset
        out[name] = values
    if _CSD_SPEED in names:
        triple = rows[_CSD_SPEED].astype(np.int64)
        invalid_csd = (triple == 0xFF).all(axis=1)
        speed = (triple[:, 0] | (triple[:, 1] & 0x0F) << 8).astype(np.float64) / 100.0
        distance = ((triple[:, 1] >> 4) | triple[:, 2] << 4).astype(np.float64)
        speed[invalid_csd] = np.nan
        distance[invalid_csd] = np.nan
        out[_CSD_SPEED] = speed
        out[_CSD_DISTANCE] = distance
    return out


def _compressed_timestamps(buffer: npt.NDArray[np.uint8], scan: _Scan) -> FloatArray | None:
    """Timestamps of compressed-header messages (NaN elsewhere), or None if the file has none.

    A compressed header carries the low 5 bits of the time; the rest comes from the last full
    timestamp seen in any message (FIT protocol, "Compressed Timestamp Header"). That chain is
    sequential, so it is followed in a Python loop, only for files that use it (Forerunner 70).
    """
    headers = buffer[scan.starts]
    if not (headers >= 0x80).any():
        return None
    explicit = np.full(len(scan.starts), np.nan)
    for def_id, definition in enumerate(scan.definitions):
        stamp = _decode_group(
            buffer,
            scan.starts[scan.def_ids == def_id] + 1,
            definition,
            {TIMESTAMP_FIELD: FieldSpec("t")},
        ).get("t")
        if stamp is not None:
            explicit[scan.def_ids == def_id] = stamp
    result = np.full(len(scan.starts), np.nan)
    last: int | None = None
    for i, (header, stamp) in enumerate(zip(headers.tolist(), explicit.tolist(), strict=True)):
        if header >= 0x80:
            if last is None:
                continue
            offset = header & 0x1F
            value = (last & ~0x1F) + offset + (0x20 if offset < (last & 0x1F) else 0)
            result[i] = last = value
        elif math.isfinite(stamp):
            last = int(stamp)
    return result


def _concat(parts: list[tuple[IntArray, dict[str, FloatArray]]], chained_file: int) -> MessageTable:
    """Merge the groups of one global message (one per definition) back into file order."""
    names = list(dict.fromkeys(name for _, fields in parts for name in fields))
    position = np.concatenate([starts for starts, _ in parts])
    columns = {
        name: np.concatenate([f.get(name, np.full(len(s), np.nan)) for s, f in parts])
        for name in names
    }
    if len(parts) > 1:
        order = np.argsort(position, kind="stable")
        position = position[order]
        columns = {name: values[order] for name, values in columns.items()}
    if _CSD_DISTANCE in columns:
        columns[_CSD_DISTANCE] = _accumulate_12bit(columns[_CSD_DISTANCE]) / 16.0
    return MessageTable(position, columns, np.full(len(position), chained_file, dtype=np.int64))


def _accumulate_12bit(raw: FloatArray) -> FloatArray:
    """Unroll a 12-bit rolling counter into a running total (NaN samples stay NaN)."""
    out = np.full(len(raw), np.nan)
    valid = np.flatnonzero(np.isfinite(raw))
    if len(valid):
        values = raw[valid]
        steps = np.mod(np.diff(values), 4096.0)
        out[valid] = values[0] + np.concatenate(([0.0], np.cumsum(steps)))
    return out


def _merge(parts: list[dict[int, MessageTable]]) -> dict[int, MessageTable]:
    """Join the tables of chained FIT files (positions already increase from file to file)."""
    merged: dict[int, MessageTable] = {}
    for num in dict.fromkeys(num for part in parts for num in part):
        tables = [part[num] for part in parts if num in part]
        if len(tables) == 1:
            merged[num] = tables[0]
            continue
        names = list(dict.fromkeys(name for t in tables for name in t.fields))
        merged[num] = MessageTable(
            np.concatenate([t.position for t in tables]),
            {
                name: np.concatenate([t.fields.get(name, np.full(len(t), np.nan)) for t in tables])
                for name in names
            },
            np.concatenate([t.chained_file for t in tables]),
        )
    return merged


def _file_type(file_id: MessageTable | None) -> int | None:
    if file_id is None:
        return None
    types = file_id.fields.get("type")
    if types is None or not np.isfinite(types).any():
        return None
    return int(types[np.isfinite(types)][0])
