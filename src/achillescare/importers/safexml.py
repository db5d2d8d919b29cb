"""Safe, fast XML reading shared by the GPX and TCX importers.

Why raw ``pyexpat`` rather than ``defusedxml.ElementTree``: defusedxml's ElementTree parser is
the pure-Python ``XMLParser`` (it must be, to hook expat's entity callbacks), and it builds a
tree we would then walk a second time. Measured here on the 3.5 MB
``sportslib__6782987395.tcx``: ``defusedxml.ElementTree.fromstring`` 89 ms (tree only, before
any walking), ``defusedxml.ElementTree.iterparse`` 99 ms, a bare expat pass with Python callbacks
46 ms. lxml is not installed, and would need its own hardening. So each importer drives expat
itself, with a small state machine that keeps only the text it needs, and this module installs
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
"""

from __future__ import annotations

import pyexpat
import re
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity import FloatArray
from achillescare.importers.base import UnreadableFile

StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
TextHandler = Callable[[str], None]

_UTF8_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n"
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_TZ_SUFFIX = re.compile(r"[+-]\d\d:?\d\d$|[+-]\d\d$", re.MULTILINE)


class _Refused(Exception):
    """A construct we never accept in GPX/TCX (DTD, entity); the message is the reason."""


def _refuse_dtd(*_args: object) -> None:
    raise _Refused("XML with a DTD (<!DOCTYPE>) is refused: entity expansion is not allowed")


def _refuse_entity(*_args: object) -> None:
    raise _Refused("XML entity declarations are refused (entity-expansion attack)")


def _refuse_external(*_args: object) -> int:
    raise _Refused("XML external entity references are refused (XXE)")


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


def parse(
    data: bytes,
    start: StartHandler,
    end: EndHandler,
    text: TextHandler,
) -> None:
    """Run expat over ``data`` with the guards above; any XML problem becomes UnreadableFile."""
    body, removed_lines = prepare(data)
    if not body:
        raise UnreadableFile("empty file")
    try:
        _run(body, start, end, text, encoding=None)
    except pyexpat.ExpatError as error:
        if error.code == pyexpat.errors.codes[pyexpat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            _run_transcoded(body, start, end, text)
            return
        line = (error.lineno or 0) + removed_lines
        reason = pyexpat.ErrorString(error.code)
        raise UnreadableFile(f"malformed XML at line {line}: {reason}") from None
    except _Refused as error:
        raise UnreadableFile(str(error)) from None


def _run(
    body: bytes,
    start: StartHandler,
    end: EndHandler,
    text: TextHandler,
    *,
    encoding: str | None,
) -> None:
    parser = pyexpat.ParserCreate(encoding)
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.ordered_attributes = False
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(body, True)


def _run_transcoded(body: bytes, start: StartHandler, end: EndHandler, text: TextHandler) -> None:
    """Files in an encoding expat lacks (e.g. windows-1252): decode with Python, parse as UTF-8."""
    match = _DECLARED_ENCODING.match(body)
    name = match.group(1).decode("ascii") if match else "?"
    try:
        decoded = body.decode(name)
    except (LookupError, UnicodeDecodeError):
        raise UnreadableFile(f"unknown text encoding {name!r}") from None
    try:
        _run(decoded.encode("utf-8"), start, end, text, encoding="utf-8")
    except pyexpat.ExpatError as error:
        reason = pyexpat.ErrorString(error.code)
        raise UnreadableFile(f"malformed XML at line {error.lineno}: {reason}") from None


def local_name(name: str) -> str:
    """``ns3:RunCadence`` → ``RunCadence``."""
    return name.rpartition(":")[2]


def times_ms(texts: list[str]) -> npt.NDArray[np.int64]:
    """ISO 8601 timestamps as milliseconds since the Unix epoch (UTC).

    ``Z`` and no suffix both mean UTC; explicit offsets (``+02:00``) are converted. The common
    case is parsed by NumPy in one call (≈0.3 ms for 5,000 stamps); offsets take the slow path.
    Raises ValueError on a stamp that is not a date.
    """
    cleaned = [s.strip().removesuffix("Z").removesuffix("z") for s in texts]
    if not _TZ_SUFFIX.search("\n".join(s[10:] for s in cleaned)):
        return np.array(cleaned, dtype="datetime64[ms]").astype(np.int64)
    values = []
    for s in texts:
        stamp = datetime.fromisoformat(s.strip())
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        values.append(round(stamp.timestamp() * 1000))
    return np.array(values, dtype=np.int64)


def time_ms(text: str) -> int | None:
    """One timestamp (a lap start, a TCX ``Id``) in ms since the epoch; None if unreadable."""
    try:
        return int(times_ms([text])[0])
    except ValueError:
        return None


def utc_from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def channel(n: int, index: list[int], texts: list[str]) -> FloatArray | None:
    """A per-point channel of length ``n`` from the points that have a value; NaN elsewhere.

    None when no point has a value (the device did not record the channel). Values that are not
    numbers become NaN.
    """
    if not index:
        return None
    try:
        values = np.array(texts, dtype=np.float64)
    except ValueError:
        values = np.array([_to_float(t) for t in texts], dtype=np.float64)
    out = np.full(n, np.nan)
    out[np.array(index, dtype=np.intp)] = values
    if not np.isfinite(out).any():
        return None
    return out


def _to_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def number(text: str | None) -> float | None:
    """A lap total or attribute as a float; None if absent or not a finite number."""
    if text is None:
        return None
    value = _to_float(text)
    return value if np.isfinite(value) else None
