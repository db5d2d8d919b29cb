"""Decoding scanned FIT data messages into columns, one NumPy structured dtype per definition.

:mod:`achillescare.importers.fit.decode` walks the file and notes where each data message starts
and which definition it uses; this module gathers each definition's messages from the buffer at
once, reads the wanted fields through a structured dtype (offsets, base types, endianness), turns
invalid-value sentinels into NaN, applies the profile's scale and offset, fills in the times of
compressed-timestamp headers, and merges the groups of one message back into file order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from achillescare.importers.fit.profile import (
    COMPRESSED_SPEED_DISTANCE_FIELD,
    FIELDS,
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
class Definition:
    """The byte layout a FIT definition message gives to the data messages of its local type."""

    global_num: int
    big_endian: bool
    fields: tuple[tuple[int, int, int, int], ...]
    """(field number, offset in the message content, size, base type byte)."""
    size: int
    """Content size in bytes, developer fields included."""


@dataclass(frozen=True, slots=True)
class Scan:
    """One FIT file walked: its definitions, and each data message's start and definition."""

    definitions: list[Definition]
    starts: IntArray
    def_ids: IntArray
    problem: str | None
    """Why the walk stopped before the end of the data, if it did."""
    cut_off: bool
    """The walk stopped at a message that runs past the end of the data (a truncated file)."""


def decode_tables(
    buffer: npt.NDArray[np.uint8], scan: Scan, chained_file: int
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
    definition: Definition,
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
        if kind == "f" or type_size > 4:
            continue  # every field we read is an integer of ≤ 4 bytes: this one is damaged
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


def _compressed_timestamps(buffer: npt.NDArray[np.uint8], scan: Scan) -> FloatArray | None:
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


def merge(parts: list[dict[int, MessageTable]]) -> dict[int, MessageTable]:
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
