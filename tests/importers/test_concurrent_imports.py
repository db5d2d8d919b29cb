"""Two imports at once (two runners uploading their exports) run side by side: each keeps its
own archives open (:class:`~achillescare.importers.sources.Discovery`), so neither closes, thrashes
or waits on the other's."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

from achillescare.importers.sources import discover, read
from achillescare.services.importing import ImportReport, import_paths
from achillescare.storage.db import Store

DATA = Path(__file__).resolve().parents[1] / "data"
ARCHIVES = {
    "Ana": ["fit/fitparse__garmin-fenix-5-run.fit", "gpx/gpxpy__korita-zbevnica.gpx"],
    "Ben": ["fit/fitparse__activity-small-fenix2-run.fit", "gpx/gpxpy__cerknicko-jezero.gpx"],
}


def _zip(folder: Path, name: str, members: list[str]) -> Path:
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.write(DATA / member, Path(member).name)
    return path


def test_two_imports_overlap_and_both_finish(store: Store, tmp_path: Path) -> None:
    """Each import, after its first file, waits until the other has also read one: they can
    only both get there if neither holds the other off for its whole import (a process-wide
    archive lock would leave the first waiting at the barrier until it breaks)."""
    paths = {name: _zip(tmp_path, name, members) for name, members in ARCHIVES.items()}
    both_started = threading.Barrier(2, timeout=60)
    events: list[tuple[str, int]] = []
    reports: dict[str, ImportReport] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        def progress(done: int, total: int, imported: int) -> None:
            events.append((name, done))
            if done == 1:
                both_started.wait()

        try:
            reports[name] = import_paths(store, name, [paths[name]], on_progress=progress)
        except BaseException as error:  # reported below, with the thread's name
            errors.append(error)

    threads = [threading.Thread(target=run, args=(name,)) for name in ARCHIVES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {name: len(report.imported) for name, report in reports.items()} == {"Ana": 2, "Ben": 2}
    assert {name: report.failed for name, report in reports.items()} == {"Ana": [], "Ben": []}
    first_of = {name: events.index((name, 1)) for name in ARCHIVES}
    last_of = {name: events.index((name, 2)) for name in ARCHIVES}
    assert first_of["Ana"] < last_of["Ben"]
    assert first_of["Ben"] < last_of["Ana"]


def test_reading_another_archive_leaves_this_one_open(tmp_path: Path) -> None:
    """Interleaved reads of two discoveries: each keeps its own archive open (a shared holder
    closed one to open the other at every switch)."""
    one = discover([_zip(tmp_path, "one", ARCHIVES["Ana"])])
    two = discover([_zip(tmp_path, "two", ARCHIVES["Ben"])])
    try:
        items = []
        for mine, theirs in zip(one.refs, two.refs, strict=True):
            items += [read(mine), read(theirs)]
            assert (len(one.archives), len(two.archives)) == (1, 1)
        assert all(len(item.activities) == 1 for item in items)
    finally:
        one.close()
        two.close()
    assert (len(one.archives), len(two.archives)) == (0, 0)
