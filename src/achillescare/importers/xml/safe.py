"""Safe, fast XML reading shared by the GPX and TCX importers.

Why raw ``pyexpat`` rather than ``defusedxml.ElementTree``: defusedxml's ElementTree parser is
the pure-Python ``XMLParser`` (it must be, to hook expat's entity callbacks), and it builds a
tree we would then walk a second time. Measured here on the 3.5 MB
``sportslib__6782987395.tcx``: ``defusedxml.ElementTree.fromstring`` 89 ms (tree only, before
any walking), ``defusedxml.ElementTree.iterparse`` 99 ms, a bare expat pass with Python callbacks
46 ms. lxml is not installed, and would need its own hardening. So each importer drives expat
itself, with a small state machine that keeps only the values it needs, and this module installs
the same guards defusedxml does, only stricter (its ``forbid_dtd=True`` mode):

- any ``<!DOCTYPE`` is refused at its first byte, so no entity can ever be declared (entity
  bombs such as "billion laughs" and quadratic blow-up need a DTD);
- entity and unparsed-entity declarations, and external entity references, raise as well, in
  case a DTD ever got through;
- parameter-entity parsing is switched off, so expat never fetches an external DTD subset.

expat reads no file and opens no URL by itself; without an ``ExternalEntityRefHandler`` an
external entity is at most reported. Element names are read *without* namespace processing and
matched on their local part (``ns3:RunCadence`` → ``RunCadence``): GPX and TCX element names do
not collide across the namespaces devices use, and it lets us read files that use a namespace
prefix they never declare (Strava's ``gpxdata:``, which strict parsers refuse).

No character-data callback is installed (it would run twice per element, mostly for the
whitespace between tags): a leaf's value is sliced from the document bytes between the end of
its start tag and ``CurrentByteIndex`` at its end tag. That holds for the numbers and times we
read, which never contain ``>``; free text (names, notes) is sliced from its start tag and
unescaped. Documents in other encodings are transcoded to UTF-8 first, so slices are UTF-8.
"""

from __future__ import annotations

import html
import pyexpat
import re
from abc import ABC, abstractmethod
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity.records import FloatArray
from achillescare.importers.base import UnreadableFile

_UTF8_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n"
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _refuse_dtd(*_args: object) -> None:
    raise UnreadableFile("XML with a DTD (<!DOCTYPE>) is refused: entity expansion is not allowed")


def _refuse_entity(*_args: object) -> None:
    raise UnreadableFile("XML entity declarations are refused (entity-expansion attack)")


def _refuse_external(*_args: object) -> int:
    raise UnreadableFile("XML external entity references are refused (XXE)")


def prepare(data: bytes) -> tuple[bytes, int]:
    """Drop a UTF-8 byte-order mark and whitespace before the XML declaration.

    Some exporters write spaces or blank lines before ``<?xml`` (strict parsers refuse that).
    Returns the bytes and how many lines were removed, so error line numbers still match the
    file the runner has.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    stripped = data.lstrip(_WHITESPACE)
    removed_lines = data[: len(data) - len(stripped)].count(b"\n")
    return stripped, removed_lines


_IDLE_PARSER = pyexpat.ParserCreate()
"""Stands in for the parser between documents (never fed)."""


class ExpatReader(ABC):
    """Base of the GPX and TCX state machines: subclasses define ``start`` and ``end``.

    :meth:`read` runs expat over the document with the guards above; inside ``end``,
    :meth:`leaf` returns the bytes of the element that just ended, and :meth:`marked_text` the
    text of an element whose start called :meth:`mark`.
    """

    def __init__(self) -> None:
        self._parser: pyexpat.XMLParserType = _IDLE_PARSER
        self._body = b""
        self._mark = 0
        self.locals: dict[str, str] = {}
        """Element name as written → its local part, so each distinct name is split once."""

    def _local(self, name: str) -> str:
        """The local part of ``name`` (``ns3:RunCadence`` → ``RunCadence``), remembered."""
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = local_name(name)
        return local

    @abstractmethod
    def start(self, name: str, attrs: dict[str, str]) -> None:
        """Called by expat at each start tag (name as written, prefix included)."""

    @abstractmethod
    def end(self, name: str) -> None:
        """Called by expat at each end tag."""

    def leaf(self) -> bytes:
        """The raw content of a leaf element holding a number or a time (call from ``end``)."""
        end = self._parser.CurrentByteIndex
        body = self._body
        return body[body.rfind(b">", 0, end) + 1 : end]

    def mark(self) -> None:
        """Remember where the element now starting begins (call from ``start``)."""
        self._mark = self._parser.CurrentByteIndex

    def marked_text(self) -> str | None:
        """Unescaped, stripped text of the marked element (call from its ``end``); None if empty."""
        raw = self._body[self._mark : self._parser.CurrentByteIndex]
        text = raw[raw.find(b">") + 1 :].decode("utf-8", "replace")
        if "<![CDATA[" in text:
            text = text.replace("<![CDATA[", "").replace("]]>", "")
        return html.unescape(text).strip() or None

    def read(self, data: bytes) -> None:
        """Parse ``data``; any XML problem or refused construct becomes UnreadableFile."""
        body, removed_lines = prepare(data)
        if not body:
            raise UnreadableFile("empty file")
        body, encoding = _as_utf8(body)
        try:
            self._run(body, encoding)
        except pyexpat.ExpatError as error:
            line = (error.lineno or 0) + removed_lines
            reason = pyexpat.ErrorString(error.code)
            raise UnreadableFile(f"malformed XML at line {line}: {reason}") from None
        finally:
            self._parser = _IDLE_PARSER
            self._body = b""

    def _run(self, body: bytes, encoding: str | None) -> None:
        parser = pyexpat.ParserCreate(encoding)
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_entity
        parser.UnparsedEntityDeclHandler = _refuse_entity
        parser.ExternalEntityRefHandler = _refuse_external
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self._parser = parser
        self._body = body
        parser.Parse(body, True)


def _as_utf8(body: bytes) -> tuple[bytes, str | None]:
    """The document as UTF-8 bytes, and the encoding to tell expat (None: as declared)."""
    if body.startswith(_UTF16_BOMS):
        try:
            return body.decode("utf-16").encode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raise UnreadableFile("the file says UTF-16 but is not") from None
    match = _DECLARED_ENCODING.match(body)
    if match is None:
        return body, None
    name = match.group(1).decode("ascii").lower()
    if name in _UTF8_NAMES:
        return body, None
    try:
        return body.decode(name).encode("utf-8"), "utf-8"
    except LookupError:
        raise UnreadableFile(f"unknown text encoding {name!r}") from None
    except UnicodeDecodeError:
        raise UnreadableFile(f"the file is not valid {name}") from None


def local_name(name: str) -> str:
    """``ns3:RunCadence`` → ``RunCadence``."""
    return name.rpartition(":")[2]


_ISO_DIGITS = np.array([0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
"""Where ``YYYY-MM-DDTHH:MM:SS`` has its digits; the other places hold ``-``, ``T`` and ``:``."""
_ISO_PUNCTUATION = {4: b"-", 7: b"-", 10: b"T", 13: b":", 16: b":"}
_ISO_WIDTH = 19
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_LATEST_MS = 253_402_300_799_999
"""9999-12-31T23:59:59.999Z, the last instant a :class:`datetime` can hold."""
_EARLIEST_MS = -62_135_596_800_000
"""0001-01-01T00:00:00Z, the first instant a :class:`datetime` can hold."""


def parse_times(texts: list[bytes]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """ISO 8601 timestamps as milliseconds since the Unix epoch (UTC), and which were readable.

    ``Z`` and no suffix both mean UTC; explicit offsets (``+02:00``) are converted. An
    unreadable stamp gets ``False`` in the mask (its value is 0); nothing here raises for bad text.

    The untrusted text is never handed to NumPy's string-to-``datetime64`` cast: with one
    invalid entry among ≥ ~500, NumPy 2.4 crashes the process in that cast (a segmentation
    fault, which no ``except`` can catch). Instead, the usual fixed layout
    (``YYYY-MM-DDTHH:MM:SS`` plus an optional fraction) is checked and converted with integer
    arithmetic on the bytes (≈0.5 ms for 5,000 stamps), calendar included (month lengths, leap
    years); whatever does not fit that layout (offsets, other ISO forms, garbage) goes one by
    one through :meth:`datetime.fromisoformat`.
    """
    n = len(texts)
    ms = np.zeros(n, dtype=np.int64)
    readable = np.zeros(n, dtype=np.bool_)
    if n == 0:
        return ms, readable
    cleaned = [s.strip().rstrip(b"Zz") for s in texts]
    fast_ms, fast_ok = _parse_fixed_layout(cleaned)
    ms[fast_ok] = fast_ms[fast_ok]
    readable[fast_ok] = True
    for i in np.flatnonzero(~fast_ok).tolist():
        one = _parse_one(texts[i])
        if one is not None:
            ms[i] = one
            readable[i] = True
    return ms, readable


def _parse_fixed_layout(
    cleaned: list[bytes],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Vectorised ``YYYY-MM-DDTHH:MM:SS[.f…]`` (UTC) → ms; ``ok`` is False where it does not fit."""
    array = np.array(cleaned, dtype=np.bytes_)
    width = array.dtype.itemsize
    n = len(cleaned)
    if width < _ISO_WIDTH:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.bool_)
    # One row per character position (contiguous), as small signed integers: '0' → 0 … '9' → 9.
    cols = np.frombuffer(array.tobytes(), dtype=np.uint8).reshape(n, width).T.astype(np.int16)
    cols -= ord("0")
    ok = np.ones(n, dtype=np.bool_)
    for at, mark in _ISO_PUNCTUATION.items():
        ok &= cols[at] == mark[0] - ord("0")
    digits = cols[_ISO_DIGITS]
    ok &= ((digits >= 0) & (digits <= 9)).all(axis=0)
    fraction_ms: npt.NDArray[np.int64] | int = 0
    if width > _ISO_WIDTH:
        rest = cols[_ISO_WIDTH + 1 :]
        plain = cols[_ISO_WIDTH] == -ord("0")  # exactly 19 characters: no fraction
        fraction_ok = cols[_ISO_WIDTH] == ord(".") - ord("0")
        if len(rest):
            is_digit = (rest >= 0) & (rest <= 9)
            padding = np.maximum.accumulate(rest == -ord("0"), axis=0)
            fraction_ok &= is_digit[0] & (is_digit != padding).all(axis=0)
            plain &= padding.all(axis=0)
            first3 = np.where(is_digit[:3], rest[:3], 0).astype(np.int64)
            scale = np.array([100, 10, 1][: len(first3)], dtype=np.int64)
            fraction_ms = np.where(plain, 0, scale @ first3)
        else:
            fraction_ok[:] = False
        ok &= plain | fraction_ok
    d = np.where(ok, digits, 0).astype(np.int64)
    year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]
    month = d[4] * 10 + d[5]
    day = d[6] * 10 + d[7]
    hour = d[8] * 10 + d[9]
    minute = d[10] * 10 + d[11]
    second = d[12] * 10 + d[13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    month_days = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    ok &= (year >= 1) & month_ok & (day >= 1) & (day <= month_days)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    days = _days_from_civil(year, month, day)
    ms = (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + fraction_ms
    return np.where(ok, ms, 0), ok


def _days_from_civil(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant, "chrono-Compatible
    Low-Level Date Algorithms", ``days_from_civil``)."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    year_of_era = y - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    result: npt.NDArray[np.int64] = era * 146_097 + day_of_era - 719_468
    return result


def _parse_one(text: bytes) -> int | None:
    """One stamp in any ISO 8601 form :meth:`datetime.fromisoformat` reads; None if unreadable
    or outside what a :class:`datetime` can hold once converted to UTC."""
    try:
        stamp = datetime.fromisoformat(text.strip().decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    value = round(stamp.timestamp() * 1000)
    return value if _EARLIEST_MS <= value <= _LATEST_MS else None


def time_ms(text: str) -> int | None:
    """One timestamp (a lap start, a TCX ``Id``) in ms since the epoch; None if unreadable."""
    ms, readable = parse_times([text.encode("utf-8", "replace")])
    return int(ms[0]) if readable[0] else None


def utc_from_ms(ms: int) -> datetime:
    """An aware UTC datetime; UnreadableFile if it is beyond what a datetime can hold."""
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise UnreadableFile("a time in the file is outside the years 1–9999") from None


def floats(texts: list[bytes]) -> FloatArray:
    """Numbers as written in the file; a value that is not a number (or is empty) becomes NaN."""
    try:
        values: FloatArray = np.array(texts).astype(np.float64)
    except ValueError:
        values = np.array([_to_float(t) for t in texts], dtype=np.float64)
    return values


def _to_float(text: bytes | str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def number(text: bytes | str | None) -> float | None:
    """A lap total or attribute as a float; None if absent or not a finite number."""
    if text is None:
        return None
    value = _to_float(text)
    return value if np.isfinite(value) else None
