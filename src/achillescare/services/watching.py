"""A watched folder: files that a phone or watch drops there (Gadgetbridge's auto-export,
Syncthing, a Garmin mounted over USB) are imported as they appear, without the runner uploading.

Three rules keep it safe:

* **Only finished files.** A file is imported once its size and modification time have not
  changed for ``settle_s`` seconds (a sync tool writes in chunks; reading half a FIT file would
  refuse it as truncated). Names that sync tools and editors use while writing (``.part``,
  ``.tmp``, ``~``, hidden files such as Syncthing's ``.syncthing.*.tmp``) are never read.
* **Never the same file twice.** A file is read again only when its size or time changed; and
  the import pipeline itself recognises the same bytes (content SHA-256) and the same run from
  another file (start and distance), so a restart of the watcher, or a copy of a file under
  another name, imports nothing new.
* **Each file on its own.** A file that cannot be read is reported and skipped; the others go on.

File-system events come from ``watchfiles`` (inotify/FSEvents/ReadDirectoryChangesW through the
Rust ``notify`` crate; polling with ``force_polling`` for network mounts where events do not
arrive); the events only wake the scan, which decides from the files themselves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.importers.formats import extension
from achillescare.services.importing import ImportReport, import_paths
from achillescare.storage.db import Store, exclusive
from achillescare.storage.repos import runners as runners_repo

_log = logging.getLogger(__name__)

SETTLE_S = 2.0
"""Seconds a file must stay unchanged before it is read: longer than the gap between two chunks
that Syncthing or an MTP copy writes, short enough that a run appears within seconds."""
WATCHED_EXTENSIONS = frozenset({".fit", ".gpx", ".tcx", ".zip", ".csv"})
"""What a watch, a phone or an export leaves in the folder (also gzipped: ``run.fit.gz``)."""
WRITING_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")
Signature = tuple[int, int]
"""A file's (size in bytes, modification time in ns): it changes when the file is written."""


def _importable(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.lower().endswith(WRITING_SUFFIXES):
        return False
    suffix, _ = extension(name)
    return suffix in WATCHED_EXTENSIONS


@dataclass(slots=True)
class FolderState:
    """What the watcher knows of the folder between scans (pure bookkeeping, no I/O)."""

    settle_s: float = SETTLE_S
    read: dict[Path, Signature] = field(default_factory=dict)
    """Files already handed to the importer, with the signature they had then."""
    changing: dict[Path, tuple[Signature, float]] = field(default_factory=dict)
    """Files seen but not yet stable: their last signature and when it was first seen."""

    def ready(self, found: dict[Path, Signature], now: float) -> list[Path]:
        """The files to import now: new or changed since they were read, and unchanged for
        ``settle_s`` seconds. Files that disappeared are forgotten."""
        for gone in set(self.changing) - set(found):
            del self.changing[gone]
        due: list[Path] = []
        for path, signature in sorted(found.items()):
            if self.read.get(path) == signature:
                continue
            seen = self.changing.get(path)
            if seen is None or seen[0] != signature:
                self.changing[path] = (signature, now)
                continue
            if now - seen[1] >= self.settle_s:
                due.append(path)
        return due

    def mark_read(self, paths: Iterable[Path], found: dict[Path, Signature]) -> None:
        for path in paths:
            self.read[path] = found[path]
            self.changing.pop(path, None)


def scan(folder: Path) -> dict[Path, Signature]:
    """Every importable file under ``folder`` with its signature (files that vanish while
    listing are skipped)."""
    found: dict[Path, Signature] = {}
    for path in folder.rglob("*"):
        if not _importable(path):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def check_folder(folder: Path) -> Path:
    """The folder to watch, resolved; a clear error if it is missing or not a folder."""
    resolved = folder.expanduser().resolve()
    if not resolved.exists():
        raise InvalidInput(f"{folder} does not exist")
    if not resolved.is_dir():
        raise InvalidInput(f"{folder} is not a folder: give the folder your watch files land in")
    return resolved


def import_ready(
    store: Store, runner_name: str | None, folder: Path, state: FolderState, now: float
) -> ImportReport | None:
    """One pass: import the files that are ready; None when there was nothing to import."""
    found = scan(folder)
    due = state.ready(found, now)
    if not due:
        return None
    report = import_paths(store, runner_name, due)
    state.mark_read(due, found)
    return report


def watch_folder(
    store: Store,
    runner_name: str | None,
    folder: Path,
    *,
    on_report: Callable[[ImportReport], None],
    stop: threading.Event,
    settle_s: float = SETTLE_S,
    force_polling: bool = False,
) -> None:
    """Import what is in ``folder`` now and whatever arrives later, until ``stop`` is set.

    Files already there are imported first (the store skips those it already holds). The loop
    wakes on a file-system event or every ``settle_s`` seconds, whichever comes first, so a file
    that is still being written is looked at again until it has settled."""
    from watchfiles import watch  # noqa: PLC0415  (only this command needs it)

    folder = check_folder(folder)
    state = FolderState(settle_s=settle_s)
    timeout_ms = max(50, int(settle_s * 1000 / 2))

    def one_pass() -> None:
        report = import_ready(store, runner_name, folder, state, time.monotonic())
        if report is not None:
            on_report(report)

    one_pass()
    for _ in watch(
        folder,
        stop_event=stop,
        rust_timeout=timeout_ms,
        yield_on_timeout=True,
        debounce=timeout_ms,
        force_polling=force_polling,
        raise_interrupt=False,
    ):
        one_pass()
    one_pass()


def set_watch_folder(store: Store, runner: Runner, folder: Path | None) -> Path | None:
    """Have the server watch ``folder`` for the runner (None: no folder); returns it resolved.

    A folder on the server's own disk, so only whoever runs the server sets it (the CLI), never
    a runner over the web, who could otherwise name any folder the server can read."""
    resolved = check_folder(folder) if folder is not None else None
    with store.session() as session:
        runners_repo.set_watch_folder(session, runner.id, str(resolved) if resolved else None)
    return resolved


def watched_folders(store: Store) -> list[tuple[Runner, Path]]:
    """Each runner with a watched folder, and the folder."""
    with store.session() as session:
        return [(runner, Path(folder)) for runner, folder in runners_repo.watch_folders(session)]


WATCHER_LOCK = "achillescare-watch"
TAKE_OVER_S = 10.0
"""How often a process that is not the watcher asks whether it may become it (PostgreSQL)."""
RunnerReport = Callable[[Runner, ImportReport], None]


def watch_runner_folders(
    store: Store,
    stop: threading.Event,
    *,
    settle_s: float = SETTLE_S,
    on_report: RunnerReport | None = None,
) -> None:
    """Until ``stop``: import what arrives in every runner's watched folder, for that runner.

    The server's part of the per-runner setting (:func:`set_watch_folder`): ``achilles serve``
    runs it on SQLite, ``achilles worker`` on PostgreSQL. Of several workers on one store only
    one watches (:func:`~achillescare.storage.db.exclusive`), so two never import the same file
    at once; when it stops or dies, another takes over within :data:`TAKE_OVER_S`.

    The folders are scanned every ``settle_s / 2`` seconds rather than followed by file-system
    events, since the list of folders changes while the server runs; the settings are read
    again at every scan, so a folder set or cleared takes effect without a restart."""
    while not stop.is_set():
        with exclusive(store.engine, WATCHER_LOCK) as watcher:
            if watcher:
                _watch_while(store, stop, settle_s, on_report)
                return
        stop.wait(TAKE_OVER_S)


def _watch_while(
    store: Store, stop: threading.Event, settle_s: float, on_report: RunnerReport | None
) -> None:
    states: dict[tuple[int, Path], FolderState] = {}
    while not stop.is_set():
        current = watched_folders(store)
        keys = {(runner.id, folder) for runner, folder in current}
        for gone in set(states) - keys:
            del states[gone]
        for runner, folder in current:
            state = states.setdefault((runner.id, folder), FolderState(settle_s=settle_s))
            if not folder.is_dir():
                continue  # unmounted for now: looked at again at the next scan
            try:
                report = import_ready(store, runner.name, folder, state, time.monotonic())
            except Exception:  # one runner's folder must not stop the others'
                _log.exception("importing from %s for runner %s failed", folder, runner.id)
                continue
            if report is not None and on_report is not None:
                on_report(runner, report)
        stop.wait(settle_s / 2)


__all__ = [
    "SETTLE_S",
    "FolderState",
    "check_folder",
    "import_ready",
    "scan",
    "set_watch_folder",
    "watch_folder",
    "watch_runner_folders",
    "watched_folders",
]
