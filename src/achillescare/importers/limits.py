"""How much an import may read: the guard rails against zip bombs and multi-gigabyte files.

An activity file from a watch is rarely over 5 MB (the largest in the project's corpus of real
files is 3.5 MB, a 100,000-record FIT file); a Strava or Garmin account export is a few hundred MB
to a few GB, most of it files we do not read (photos, wellness data). The defaults leave a wide
margin above real data and refuse what can only be an accident or an attack, each with a message
that names the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024
GIB = 1024 * MIB


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of one import; every limit is checked before the bytes are read.

    ``max_ratio`` applies only to members larger than ``ratio_floor_bytes``: a tiny file can
    compress 1000:1 honestly (a run of zeros), a large one with that ratio is a zip bomb. Real
    activity files compress far less: measured with zlib level 9 on the project's corpus, FIT
    files 2:1 (median; at most 12:1), GPX 7:1 (at most 29:1), TCX 20:1 (at most 39:1).
    """

    max_file_bytes: int = 256 * MIB
    """An activity file (or a CSV/JSON list of activities), after decompression."""
    max_archive_total_bytes: int = 2 * GIB
    """Everything read from one archive (nested archives included), after decompression."""
    max_nested_archive_bytes: int = 1 * GIB
    """A zip inside a zip is held in memory while its members are read."""
    max_members: int = 50_000
    """Members of one archive (a Garmin export of 10 years holds a few thousand)."""
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MIB
    max_archive_depth: int = 3
    """An archive, a zip inside it, and one more (Garmin: export → UploadedFiles_*.zip)."""


MAX_LIST_ROWS = 50_000
"""Rows of one activity list (a CSV of runs, Strava's ``activities.csv``): 30 years of an
activity every day is 11,000 rows. Beyond, a file is refused before its rows fill the memory."""

DEFAULT_LIMITS = Limits()


def format_size(n_bytes: int) -> str:
    """``3.0 GB``, ``256 MB``, ``256.5 MB``, ``8,192 bytes``: precise enough that a size just
    over a limit never reads the same as the limit."""
    if n_bytes >= GIB:
        return f"{n_bytes / GIB:.1f} GB"
    if n_bytes >= MIB:
        mib = n_bytes / MIB
        return f"{mib:.0f} MB" if mib.is_integer() else f"{mib:.1f} MB"
    return f"{n_bytes:,} bytes"


def too_big(what: str, n_bytes: int, limit: int) -> str:
    """The one-line reason for a refused file: its size and the limit."""
    return f"{what} is {format_size(n_bytes)}; the limit is {format_size(limit)}"


def over_limit(limit: int) -> str:
    """The reason for data found too big while reading it (its full size is not known)."""
    return f"the file expands to more than {format_size(limit)}, the limit for one file"
