"""Reference values from fitdecode, an independent FIT parser, to cross-check our decoder against.

Only fields defined in the FIT profile count (developer fields may reuse the same numbers). A
field fitdecode expands from a component (``compressed_speed_distance`` → ``speed`` and
``distance``, a compressed-header ``timestamp``) is taken from the expanded value.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import fitdecode
import numpy as np
import numpy.typing as npt

from achillescare.importers.fit.profile import (
    COMPRESSED_SPEED_DISTANCE_FIELD,
    FIELDS,
    FIT_EPOCH_UNIX_S,
    TIMESTAMP_FIELD,
)

TEST_FIT = Path(__file__).resolve().parent.parent / "data" / "fit"


@dataclass
class Reference:
    """Values of one global message, one list entry per message, keyed by our field names."""

    columns: dict[str, list[float]] = field(default_factory=dict)
    count: int = 0

    def column(self, name: str) -> npt.NDArray[np.float64]:
        return np.array(self.columns.get(name, [np.nan] * self.count), dtype=np.float64)


def _number(value: object) -> float:
    if isinstance(value, tuple | list):
        value = value[0] if value else None
    if value is None:
        return np.nan
    if isinstance(value, datetime):
        return value.timestamp() - FIT_EPOCH_UNIX_S
    if isinstance(value, int | float):
        return float(value)
    return np.nan


def reference(data: bytes, global_num: int) -> Reference:
    """Every message ``global_num`` fitdecode reads from ``data`` (stopping where it gives up)."""
    return _references(data)[global_num]


@functools.lru_cache(maxsize=16)
def _references(data: bytes) -> dict[int, Reference]:
    """One fitdecode pass over ``data`` for every message in FIELDS (fitdecode is slow)."""
    refs = {num: Reference() for num in FIELDS}
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.global_mesg_num not in refs:
                continue
            specs, ref = FIELDS[frame.global_mesg_num], refs[frame.global_mesg_num]
            row: dict[str, float] = {}
            for f in frame.fields:
                native = isinstance(f.field_def, fitdecode.types.FieldDefinition)
                if native and f.def_num in specs:
                    spec = specs[f.def_num]
                    raw = _number(f.raw_value)
                    row[spec.name] = raw / spec.scale - spec.offset
                elif f.field_def is None and f.name == "timestamp":
                    row["timestamp"] = _number(f.value)
                elif f.field_def is None and f.name in {"speed", "distance"}:
                    row[f"compressed_{f.name}"] = _number(f.value)
                elif native and f.def_num == COMPRESSED_SPEED_DISTANCE_FIELD:
                    row["has_compressed"] = 1.0
            if TIMESTAMP_FIELD in specs and "timestamp" not in row:
                row["timestamp"] = np.nan
            for name in set(row) | set(ref.columns):
                ref.columns.setdefault(name, [np.nan] * ref.count).append(row.get(name, np.nan))
            ref.count += 1
    except fitdecode.FitError:
        pass  # truncated or damaged: keep what fitdecode read before giving up
    finally:
        reader.close()
    return refs
