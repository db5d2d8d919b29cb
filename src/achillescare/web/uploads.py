"""Uploaded activity files: saved under safe names in a private folder, imported, and reported
back under the names they were sent with. The upload page and ``POST …/imports`` share it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import UploadFile

from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.storage.db import Store
from achillescare.web.view_models.models import FileOutcome, ImportResult
from achillescare.web.view_models.runner import import_files

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""Largest upload accepted in one request (a Garmin export zip of years of runs fits)."""
UPLOAD_NAME_BYTES = 150
"""Longest saved name of an uploaded file, in UTF-8 bytes (file systems allow 255)."""
SHOWN_NAME_CHARS = 120
"""Longest name shown back in the result (the rest becomes "…")."""
_NOT_IN_NAMES = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(sent: str) -> str | None:
    """A safe name to save an uploaded file under, or None when the sent name has none.

    Only the last part of a path counts (``/`` or ``\\``), control characters and leading dots go
    (``.hidden.fit`` would be taken for a hidden file and ignored), and a long name is cut to
    :data:`UPLOAD_NAME_BYTES`, keeping its extension: so the name can never point outside the
    upload folder, be a folder (``..``), or be too long for the file system."""
    base = _NOT_IN_NAMES.sub("", re.split(r"[/\\]", sent)[-1]).strip().lstrip(".").strip()
    if not base:
        return None
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension.encode()) > 16:
        stem, extension = base, ""
    suffix = f".{extension}" if extension else ""
    while stem and len((stem + suffix).encode()) > UPLOAD_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


def shown_name(sent: str) -> str:
    name = _NOT_IN_NAMES.sub("", sent) or "(no name)"
    return name if len(name) <= SHOWN_NAME_CHARS else name[: SHOWN_NAME_CHARS - 1] + "…"


def import_uploads(store: Store, runner: Runner, files: list[UploadFile]) -> ImportResult:
    """Save the uploads in a private temporary folder, import it, and delete it. Each file keeps
    its own numbered sub-folder; the result names files as they were sent, and a file whose name
    is no file name is left out with that reason."""
    named = [f for f in files if f.filename]
    if not named:
        raise InvalidInput("choose at least one file to upload")
    sent: dict[str, tuple[str, str]] = {}
    dropped: list[FileOutcome] = []
    with tempfile.TemporaryDirectory(prefix="achilles-upload-") as tmp:
        folder = Path(tmp)
        total = 0
        for index, upload in enumerate(named):
            original = upload.filename or ""
            name = upload_name(original)
            if name is None:
                detail = "left out: its name is no file name (give it a name such as run.fit)"
                dropped.append(
                    FileOutcome(source=shown_name(original), status="skipped", detail=detail)
                )
                continue
            sent[f"{index:03d}"] = (shown_name(original), name)
            target = folder / f"{index:03d}" / name
            target.parent.mkdir()
            with target.open("wb") as out:
                while chunk := upload.file.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UPLOAD_BYTES:
                        raise InvalidInput("the upload is over 200 MB: send fewer files at once")
                    out.write(chunk)
        result = import_files(store, runner, folder)
    for outcome in result.outcomes:
        outcome.source = _as_sent(outcome.source, sent)
    for activity in result.imported:
        activity.source = _as_sent(activity.source, sent)
    result.outcomes.extend(dropped)
    result.files += len(dropped)
    return result


def _as_sent(source: str, sent: dict[str, tuple[str, str]]) -> str:
    """``003/run.fit`` → the name sent for file 3, with whatever the importer added after the
    saved name kept: a file inside an archive (``export.zip/a/run.fit``) or a CSV row
    (``runs.csv row 2``)."""
    index, _, rest = source.partition("/")
    if index not in sent:
        return rest or source
    shown, saved = sent[index]
    return shown + rest[len(saved) :] if rest.startswith(saved) else shown
