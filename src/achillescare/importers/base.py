"""What every importer returns, and the two ways a file can be refused."""

from __future__ import annotations

from dataclasses import dataclass

from achillescare.domain.activity.records import ParsedActivity
from achillescare.errors import NotAnActivity, UnreadableFile

__all__ = ["ImportItem", "NotAnActivity", "UnreadableFile"]


@dataclass(frozen=True, slots=True)
class ImportItem:
    """The outcome of reading one file (or one member of an archive).

    Exactly one of these holds: ``activities`` is non-empty; ``skipped`` says why the file holds
    no activity (not a failure); ``failure`` is the one-line reason the file could not be read.
    ``warnings`` report recoverable damage (e.g. a bad CRC with the readable part kept).
    """

    source: str
    content_sha256: str | None
    source_kind: str
    activities: tuple[ParsedActivity, ...] = ()
    skipped: str | None = None
    failure: str | None = None
    warnings: tuple[str, ...] = ()
