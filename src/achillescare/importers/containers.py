"""Listing what a path holds: every file under a folder and inside its archives, without reading
the files themselves (only archive directories are read, and nested archives loaded in memory).

Each file found becomes an :class:`Entry` with a path relative to the argument the runner gave
(``activities/123.gpx.gz``; ``DI_CONNECT/…/UploadedFiles_0-_Part1.zip!123_ACTIVITY.fit`` inside a
nested zip), which is how an export's index file (Strava ``activities.csv``) names its files.
Problems found while listing (a folder we may not read, a hostile zip member) become failures.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from achillescare.importers.archives import (
    list_members,
    open_zip,
    read_member,
)
from achillescare.importers.base import ImportItem, UnreadableFile
from achillescare.importers.formats import NOT_ACTIVITY_EXTENSIONS, extension
from achillescare.importers.limits import Limits, format_size, too_big


@dataclass(frozen=True, slots=True)
class DiskOrigin:
    """A file on disk."""

    path: Path


@dataclass(frozen=True, slots=True)
class MemberOrigin:
    """A member of an archive on disk, possibly inside nested archives (``nested``)."""

    archive: Path
    nested: tuple[str, ...]
    name: str
    file_size: int


Origin = DiskOrigin | MemberOrigin


@dataclass(frozen=True, slots=True)
class Entry:
    """One file found under a path the runner gave."""

    rel: str
    display: str
    origin: Origin
    top_level: bool = False
    """The runner named this very file (not a file found inside a folder or archive)."""


@dataclass(slots=True)
class Listing:
    """Everything found under one path argument."""

    entries: list[Entry] = field(default_factory=list)
    failures: list[ImportItem] = field(default_factory=list)
    skipped: list[ImportItem] = field(default_factory=list)

    def fail(self, source: str, reason: str, kind: str = "file") -> None:
        self.failures.append(ImportItem(source, None, kind, failure=reason))


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def list_path(path: Path, limits: Limits) -> Listing:
    """Every file under ``path`` (a file, a folder or a zip), with the problems met on the way."""
    listing = Listing()
    display = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        kind = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        listing.fail(display, kind)
        return listing
    except OSError as error:
        listing.fail(display, f"cannot read it ({_reason(error)})")
        return listing
    if stat.S_ISDIR(info.st_mode):
        _walk(path, listing, limits)
    elif is_archive_name(path.name):
        _list_zip_on_disk(path, display, "", listing, limits)
    elif stat.S_ISREG(info.st_mode):
        listing.entries.append(Entry(path.name, display, DiskOrigin(path), top_level=True))
    else:
        listing.fail(display, "not a regular file or folder")
    return listing


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _walk(root: Path, listing: Listing, limits: Limits) -> None:
    """Recurse a folder in name order; hidden files are ignored, symbolic links not followed."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                children = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            listing.fail(str(folder), f"cannot read this folder ({_reason(error)})", "folder")
            continue
        subfolders = []
        for child in children:
            if child.name.startswith("."):
                continue
            path = Path(child.path)
            rel = path.relative_to(root).as_posix()
            if child.is_symlink():
                _note_symlink(root, path, listing)
                continue
            try:
                if child.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                elif is_archive_name(child.name):
                    _list_zip_on_disk(path, str(path), rel + "!", listing, limits)
                elif child.is_file(follow_symlinks=False):
                    listing.entries.append(Entry(rel, str(path), DiskOrigin(path)))
            except OSError as error:
                listing.fail(str(path), f"cannot read it ({_reason(error)})")
        stack.extend(reversed(subfolders))


def _note_symlink(root: Path, path: Path, listing: Listing) -> None:
    """Links inside the folder point at files imported anyway; links out of it are not followed."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        listing.skipped.append(ImportItem(str(path), None, "file", skipped="broken symbolic link"))
        return
    if not target.is_relative_to(root.resolve()):
        listing.skipped.append(
            ImportItem(
                str(path), None, "file",
                skipped="symbolic link to a place outside the imported folder: not followed",
            )
        )  # fmt: skip


def _list_zip_on_disk(path: Path, display: str, rel: str, listing: Listing, limits: Limits) -> None:
    try:
        zf = open_zip(path)
    except UnreadableFile as error:
        listing.fail(display, str(error), "zip")
        return
    with zf:
        budget = [limits.max_archive_total_bytes]
        _list_zip(
            zf, archive=path, nested=(), display=display, rel=rel, depth=1, budget=budget,
            listing=listing, limits=limits,
        )  # fmt: skip


def _wanted(name: str) -> bool:
    """Members we may read: anything but the photos and documents we skip by name."""
    ext, gzipped = extension(name)
    return gzipped or ext not in NOT_ACTIVITY_EXTENSIONS


def _list_zip(
    zf: zipfile.ZipFile,
    *,
    archive: Path,
    nested: tuple[str, ...],
    display: str,
    rel: str,
    depth: int,
    budget: list[int],
    listing: Listing,
    limits: Limits,
) -> None:
    """List one (possibly nested) archive; ``budget`` is what the outermost archive may still
    expand to, shared by all its nested archives."""
    try:
        members = list_members(zf, limits)
    except UnreadableFile as error:
        listing.fail(display, str(error), "zip")
        return
    wanted = [m for m in members if m.problem is None and _wanted(m.name)]
    total = sum(m.file_size for m in wanted)
    if total > budget[0]:
        listing.fail(
            display,
            f"refused: its files expand to {format_size(total)}; the limit for one archive is "
            f"{format_size(limits.max_archive_total_bytes)}",
            "zip",
        )
        return
    budget[0] -= total
    for member in members:
        where = f"{display}!{member.name}"
        if member.problem is not None:
            listing.fail(where, member.problem)
        elif not is_archive_name(member.name):
            origin = MemberOrigin(archive, nested, member.name, member.file_size)
            # Some Windows tools write backslashes; index files (activities.csv) use "/".
            listing.entries.append(Entry(rel + member.name.replace("\\", "/"), where, origin))
        elif depth >= limits.max_archive_depth:
            listing.fail(
                where, f"a zip nested more than {limits.max_archive_depth} deep: not opened"
            )
        elif member.file_size > limits.max_nested_archive_bytes:
            listing.fail(where, too_big("the nested archive", member.file_size,
                                        limits.max_nested_archive_bytes))  # fmt: skip
        else:
            try:
                inner = open_zip(read_member(zf, member.name, limits.max_nested_archive_bytes))
            except UnreadableFile as error:
                listing.fail(where, str(error), "zip")
                continue
            with inner:
                _list_zip(
                    inner, archive=archive, nested=(*nested, member.name), display=where,
                    rel=f"{rel}{member.name}!", depth=depth + 1, budget=budget, listing=listing,
                    limits=limits,
                )  # fmt: skip
