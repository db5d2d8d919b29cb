"""Which reader a file needs, judged by its content first and its name second.

Watch files are often renamed, re-zipped or saved with the wrong extension, so the bytes decide:
a FIT file says ``.FIT`` at byte 8 (FIT protocol header), a GPX or TCX file names its XML root
(``<gpx>``, ``<TrainingCenterDatabase>``), gzip starts with ``1f 8b``, zip with ``PK``. The
extension is the fallback, and a mismatch is kept as a warning rather than refused.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from enum import StrEnum

from achillescare.domain.activity.records import ParsedActivity
from achillescare.importers.base import ImportItem, NotAnActivity, UnreadableFile
from achillescare.importers.limits import over_limit

SNIFF_BYTES = 4096
"""Bytes read to recognise a file: enough for a FIT header and an XML prologue."""


class Format(StrEnum):
    """What a file holds, as far as importing is concerned."""

    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    GZIP = "gzip"
    ZIP = "zip"
    KML = "kml"
    XML = "xml"
    """XML with some other root element."""


ACTIVITY_FORMATS = (Format.FIT, Format.GPX, Format.TCX)
_BY_EXTENSION = {".fit": Format.FIT, ".gpx": Format.GPX, ".tcx": Format.TCX}
_XML_ROOTS = {"gpx": Format.GPX, "trainingcenterdatabase": Format.TCX, "kml": Format.KML}

NOT_ACTIVITY_EXTENSIONS = frozenset(
    {
        ".doc", ".docx", ".pdf", ".txt", ".md", ".html", ".htm", ".xls", ".xlsx", ".odt",
        ".jpg", ".jpeg", ".png", ".gif", ".heic", ".webp", ".bmp", ".tif", ".tiff",
        ".mp4", ".mov", ".avi", ".mkv", ".mp3", ".m4a", ".wav",
        ".kml", ".kmz", ".json", ".xml", ".ini", ".log", ".db", ".sqlite",
    }
)  # fmt: skip
"""Extensions we never read: a photo or a document in an export folder is skipped by name."""

_XML_PROLOGUE = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def extension(name: str) -> tuple[str, bool]:
    """The lower-case extension of a file name, looking through ``.gz``: ``("." + ext, gzipped)``.

    ``run.FIT.gz`` gives ``(".fit", True)``; ``notes`` gives ``("", False)``.
    """
    base = name.rsplit("/", 1)[-1].lower()
    gzipped = base.endswith(".gz")
    if gzipped:
        base = base[:-3]
    dot = base.rfind(".")
    return (base[dot:] if dot > 0 else ""), gzipped


def sniff(head: bytes) -> Format | None:
    """The format the first bytes of a file show, or None if they show none we know."""
    if len(head) >= 12 and head[8:12] == b".FIT":
        return Format.FIT
    if head[:2] == b"\x1f\x8b":
        return Format.GZIP
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Format.ZIP
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: rare, but some Windows tools write it
        text = text.decode("utf-16", errors="ignore").encode()
    prologue = _XML_PROLOGUE.match(text)
    rest = text[prologue.end() if prologue else 0 :]
    root = _XML_ROOT.match(rest)
    if root is None:
        return None
    return _XML_ROOTS.get(root.group(1).decode("ascii", "replace").lower(), Format.XML)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing output over ``max_bytes`` before it is all in memory."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise UnreadableFile(f"damaged gzip data ({error})") from None
    if len(out) > max_bytes:
        raise UnreadableFile(over_limit(max_bytes))
    if not inflater.eof:
        raise UnreadableFile("the gzip data ends early (file cut off)")
    return out


def parse_activity(fmt: Format, data: bytes) -> list[ParsedActivity]:
    """Run the reader for one activity format; raises UnreadableFile or NotAnActivity."""
    # Imported here so that discovering files needs none of the parsers loaded.
    if fmt is Format.FIT:
        from achillescare.importers.fit.reader import parse_fit  # noqa: PLC0415

        return parse_fit(data)
    if fmt is Format.GPX:
        from achillescare.importers.xml.gpx import parse_gpx  # noqa: PLC0415

        return parse_gpx(data)
    if fmt is Format.TCX:
        from achillescare.importers.xml.tcx import parse_tcx  # noqa: PLC0415

        return parse_tcx(data)
    raise UnreadableFile(f"no reader for {fmt.value} files")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The activity bytes of a file once gzip is undone, and what they are."""

    data: bytes
    fmt: Format
    warnings: tuple[str, ...] = ()


def decode(name: str, raw: bytes, max_bytes: int) -> Decoded:
    """Undo gzip and decide the activity format of ``raw``; raises UnreadableFile/NotAnActivity.

    ``name`` is only used for its extension: the content wins when they disagree.
    """
    ext, named_gz = extension(name)
    if not raw:
        raise UnreadableFile("empty file (0 bytes)")
    data = raw
    found = sniff(data[:SNIFF_BYTES])
    if found is Format.GZIP:
        data = gunzip(raw, max_bytes)
        if not data:
            raise UnreadableFile("empty file (0 bytes once decompressed)")
        found = sniff(data[:SNIFF_BYTES])
        if found in (Format.GZIP, Format.ZIP):
            raise UnreadableFile(f"a {found.value} archive inside gzip: unpack it first")
    elif named_gz:
        raise UnreadableFile("named .gz but not gzip data")
    claimed = _BY_EXTENSION.get(ext)
    if found in ACTIVITY_FORMATS:
        assert found is not None
        warnings: tuple[str, ...] = ()
        if claimed is not None and claimed is not found:
            warnings = (
                f"named {ext} but holds a {found.value.upper()} file; read as {found.value}",
            )
        return Decoded(data, found, warnings)
    if found is Format.KML:
        raise NotAnActivity("not an activity file (KML holds places and routes, not a recording)")
    if claimed is None:
        raise NotAnActivity(f"not an activity file ({ext or 'no extension'})")
    if claimed is Format.FIT:
        raise UnreadableFile("not a FIT file: no '.FIT' signature at byte 8")
    if found is Format.XML:
        raise UnreadableFile(f"not a {claimed.value.upper()} file: its XML root is something else")
    if data[:SNIFF_BYTES].lstrip()[:1] == b"<" or data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data, claimed)  # XML we could not place (e.g. a long DOCTYPE): let it try
    raise UnreadableFile(f"not a {claimed.value.upper()} file: it is not XML")


def content_sha256(data: bytes) -> str:
    """SHA-256 of the decompressed activity bytes: ``run.fit`` and ``run.fit.gz`` hash alike."""
    return hashlib.sha256(data).hexdigest()


def read_activity_file(source: str, name: str, raw: bytes, max_bytes: int) -> ImportItem:
    """The :class:`ImportItem` of one activity file's bytes; never raises for bad input."""
    try:
        decoded = decode(name, raw, max_bytes)
    except NotAnActivity as reason:
        return ImportItem(source, None, "file", skipped=str(reason))
    except UnreadableFile as reason:
        return ImportItem(source, None, "file", failure=str(reason))
    digest = content_sha256(decoded.data)
    kind = decoded.fmt.value
    try:
        activities = parse_activity(decoded.fmt, decoded.data)
    except NotAnActivity as reason:
        return ImportItem(source, digest, kind, skipped=str(reason), warnings=decoded.warnings)
    except UnreadableFile as reason:
        return ImportItem(source, digest, kind, failure=str(reason), warnings=decoded.warnings)
    if not activities:
        return ImportItem(source, digest, kind, skipped="the file holds no activity")
    return ImportItem(source, digest, kind, activities=tuple(activities), warnings=decoded.warnings)
