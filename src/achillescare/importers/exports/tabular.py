"""Reading the cells of activity lists (Strava, Garmin Connect, a runner's own CSV): numbers with
a decimal point or comma, durations, and dates written the way each app and language writes them.

Every parser raises ValueError with a short reason naming the bad text, which the caller prefixes
with the row number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TypeVar

from achillescare.importers.base import UnreadableFile

MISSING = frozenset({"", "--", "-", "—", "n/a", "na", "null", "none"})
"""Cells that mean "no value" (Garmin Connect writes ``--``)."""

_MONTHS = {
    "jan": 1, "ene": 1, "gen": 1,
    "feb": 2, "fev": 2,
    "mar": 3, "maa": 3, "mrt": 3,
    "apr": 4, "abr": 4, "avr": 4,
    "may": 5, "mai": 5, "mag": 5, "mei": 5,
    "jun": 6, "giu": 6, "juin": 6,
    "jul": 7, "lug": 7, "juil": 7,
    "aug": 8, "ago": 8, "aou": 8,
    "sep": 9, "set": 9,
    "oct": 10, "okt": 10, "ott": 10, "out": 10,
    "nov": 11,
    "dec": 12, "dic": 12, "dez": 12,
}  # fmt: skip
"""Month names of the languages Strava and Garmin Connect export in (first letters, no accents)."""

_T = TypeVar("_T")
_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


_CHUNK = 1 << 20


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked a megabyte at a time (no full-size copy)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def iter_csv_rows(data: bytes) -> Iterator[list[str]]:
    """The rows of CSV bytes (comma, semicolon or tab separated), read as a stream.

    UTF-8 (with or without BOM), else Windows-1252 as old exports use. Rows are produced one at
    a time and the text is never held whole, so a caller that stops early (a header that is not
    one of ours) reads no further. Raises UnreadableFile when a bad row is reached.
    """
    encoding = "utf-8-sig" if _is_utf8(data) else "cp1252"
    sample = data[:8192].decode(encoding, errors="replace")
    delimiter = ","
    with contextlib.suppress(csv.Error):
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
    try:
        yield from csv.reader(stream, delimiter=delimiter)
    except csv.Error as error:  # e.g. a cell over the csv module's field size limit
        raise UnreadableFile(f"unreadable CSV ({error})") from None


def non_empty_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row with a non-blank cell, as a stream."""
    for line, row in enumerate(iter_csv_rows(data), start=1):
        if any(cell.strip() for cell in row):
            yield line, row


def at_most(rows: Iterable[_T], limit: int) -> list[_T]:
    """The rows of an activity list, or UnreadableFile once there are more than ``limit``."""
    kept = list(itertools.islice(rows, limit + 1))
    if len(kept) > limit:
        raise UnreadableFile(
            f"the CSV lists more than {limit:,} activities, the limit for one file: split it"
        )
    return kept


def is_missing(cell: str) -> bool:
    return cell.strip().lower() in MISSING


def parse_number(cell: str, *, decimal_comma: bool = False) -> float:
    """``4.82``, ``1,234.5``; with ``decimal_comma``: ``10,20`` and ``1.234,5``."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text and "." in text:
        text = text.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{cell.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{cell.strip()!r} is not a finite number")
    return value


def parse_duration(cell: str, *, bare_number_unit_s: float = 60.0) -> float:
    """``1:02:03`` (h:mm:ss), ``45:07`` (mm:ss) or a bare number of ``bare_number_unit_s``."""
    text = cell.strip()
    parts = text.split(":")
    try:
        if len(parts) == 1:
            seconds = parse_number(text) * bare_number_unit_s
        elif len(parts) in (2, 3):
            numbers = [float(p.replace(",", ".")) for p in parts]
            seconds = 0.0
            for number in numbers:
                seconds = seconds * 60 + number
        else:
            raise ValueError
    except ValueError:
        raise ValueError(f"{text!r} is not a duration (write h:mm:ss or minutes)") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{text!r} is not a duration (write h:mm:ss or minutes)")
    return seconds


def _month(word: str) -> int | None:
    plain = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    return _MONTHS.get(plain[:4]) or _MONTHS.get(plain[:3])


def parse_loose_datetime(cell: str) -> datetime:
    """A naive date-time from how apps write them in several languages.

    ``May 9, 2022, 7:23:02 PM`` (Strava, English), ``9 may 2022, 19:23:02`` (Spanish),
    ``Fr, 25 Mai 2012 20:31`` (Garmin Connect, German), ``09.05.2022 19:23``, ``5/9/2022``,
    ``2022-05-09T19:23:02``. Weekday names are ignored; a 4-digit number is the year.
    """
    text = cell.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    tokens = _TOKEN.findall(text)
    numbers = [int(t) for t in tokens if t.isdecimal()]
    words = [t.lower() for t in tokens if not t.isdecimal()]
    months = [m for m in (_month(w) for w in words) if m is not None]
    pm = any(w in ("pm", "p") for w in words)
    am = any(w in ("am", "a") for w in words)
    years = [i for i, n in enumerate(numbers) if n >= 1000]
    if len(years) != 1:
        raise ValueError(f"{text!r} is not a date")
    year_at = years[0]
    if months:
        month = months[-1]  # "mar., 9 may 2022": the weekday may look like a month
        before = numbers[:year_at]
        day = before[-1] if before else (numbers[year_at + 1] if year_at + 1 < len(numbers) else 0)
        clock = numbers[year_at + 1 :] if before else numbers[year_at + 2 :]
    elif year_at == 0 and len(numbers) >= 3:
        month, day, clock = numbers[1], numbers[2], numbers[3:]
    elif year_at == 2:
        first, second = numbers[0], numbers[1]
        month, day = (first, second) if "/" in text and "." not in text else (second, first)
        clock = numbers[3:]
    else:
        raise ValueError(f"{text!r} is not a date")
    hour, minute, second = [*clock[:3], 0, 0, 0][:3]
    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0
    try:
        return datetime(numbers[year_at], month, day, hour, minute, second)  # noqa: DTZ001
    except ValueError:
        raise ValueError(f"{text!r} is not a date") from None
