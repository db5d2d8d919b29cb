"""Peak memory of importing one large input of each kind: the target is < 400 MB RSS at 200 MB.

The web app accepts uploads up to 200 MB and imports them in the server process, so one file must
never take more memory than a small server has. For each kind, a 200 MB input is made from real
corpus files, enlarged (a track's points or a FIT file's records repeated, rows repeated, files
zipped together), and imported end to end (discover + parse + features + SQLite store) in a
fresh subprocess; its peak RSS is read with ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` by a
wrapper process that runs nothing else. The first row is a tiny file: what the interpreter and
libraries take before any data.

Usage: ``.venv/bin/python benchmarks/import_memory.py [--mb 200] [--kinds gpx,fit,…]``
(``--mb 600 --kinds "apple health"``: an Apple Health export whose export.xml is 600 MB.)
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retime_fit import retime_fit

from achillescare.domain.activity.plausibility import MAX_SAMPLES

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
TEST_DATA = REPO / "tests" / "data"
LIMIT_MB = 400.0
MB = 1024 * 1024


def _grow_xml(data: bytes, element: bytes, target: int) -> bytes:
    """``data`` with its run of ``element`` blocks (trkpt, Trackpoint) repeated to ``target``."""
    first = data.index(b"<" + element)
    last = data.rindex(b"</" + element + b">") + len(element) + 3
    block = data[first:last]
    copies = max(1, (target - len(data)) // len(block) + 1)
    return data[:first] + block * copies + data[last:]


def make_gpx(target: int) -> tuple[str, bytes]:
    data = gzip.decompress((TEST_DATA / "gpx" / "sweatpy__activity_4801048867.gpx.gz").read_bytes())
    return "track.gpx", _grow_xml(data, b"trkpt", target)


def make_tcx(target: int) -> tuple[str, bytes]:
    data = gzip.decompress((TEST_DATA / "tcx" / "sweatpy__activity_4801048867.tcx.gz").read_bytes())
    return "track.tcx", _grow_xml(data, b"Trackpoint", target)


def make_fit(target: int, *, max_records: int | None = None) -> tuple[str, bytes]:
    """One FIT file whose data section (definitions, records, a session) is a real run's,
    repeated and re-timed so that each copy follows the previous one (2,809 records each)."""
    source = (TEST_DATA / "fit" / "fitparse__activity-small-fenix2-run.fit").read_bytes()
    header_size = source[0]
    body_size = int.from_bytes(source[4:8], "little")
    copies = max(1, target // body_size)
    if max_records is not None:
        copies = min(copies, max_records // 2_809)
    parts = []
    for i in range(copies):
        shifted = source if i == 0 else retime_fit(source, i * 3_000)
        parts.append(shifted[header_size : header_size + body_size])
    body = b"".join(parts)
    header = bytearray(source[:header_size])
    header[4:8] = len(body).to_bytes(4, "little")
    if header_size >= 14:
        header[12:14] = b"\x00\x00"  # header CRC 0: "not computed", as the protocol allows
    from fastcrc import crc16  # noqa: PLC0415

    content = bytes(header) + body
    return "long.fit", content + int(crc16.arc(content)).to_bytes(2, "little")


def make_csv_runs(target: int) -> tuple[str, bytes]:
    """A CSV of runs, one a day from 1990 on (repeating the calendar once it reaches now)."""
    lines = [b"date,distance_km,duration,name"]
    size = 0
    day = 0
    while size < target:
        year, rest = 1990 + (day // 336) % 36, day % 336
        line = b"%04d-%02d-%02d,%.2f,%d:%02d:00,Easy run number %d" % (
            year, rest // 28 + 1, rest % 28 + 1, 5 + day % 10, 0, 30 + day % 30, day,
        )  # fmt: skip
        lines.append(line)
        size += len(line) + 1
        day += 1
    return "runs.csv", b"\n".join(lines) + b"\n"


def make_csv_other(target: int) -> tuple[str, bytes]:
    """A CSV that is not a list of runs (a training-load data set), its rows repeated."""
    text = (
        CORPUS / "datasets" / "overloadinj__day_approach_maskedID_timeseries.head30.csv"
    ).read_bytes()
    header, _, body = text.partition(b"\n")
    copies = max(1, (target - len(header)) // len(body) + 1)
    return "training.csv", header + b"\n" + body * copies


def make_zip(target: int) -> tuple[str, bytes]:
    """An export-like zip of real GPX runs (a few MB each), stored uncompressed so that the zip
    itself reaches the target (compressed, 200 MB of GPX would expand past the 2 GB limit for
    one archive and be refused unread)."""
    sources = [p.read_bytes() for p in sorted((CORPUS / "gpx").glob("sportslib__*.gpx"))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        i = 0
        while out.tell() < target:
            data = sources[i % len(sources)]
            # A different day for each copy, so each is a new activity (not a duplicate).
            stamp = b"%04d-%02d-%02dT" % (2000 + i // 300, i // 28 % 12 + 1, i % 28 + 1)
            zf.writestr(f"export/activities/{i:05d}.gpx", re.sub(rb"\d{4}-\d\d-\d\dT", stamp, data))
            i += 1
    return "export.zip", out.getvalue()


def make_zip_deflated(target: int) -> tuple[str, bytes]:
    """The same, compressed: it expands past the limit for one archive and is refused unread."""
    name, stored = make_zip(target)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(stored)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
    ):
        for info in source.infolist():
            zf.writestr(info.filename, source.read(info))
        i = 0
        while out.tell() < target:  # more members until the compressed zip is 200 MB too
            zf.writestr(f"export/more/{i:05d}.gpx", source.read(source.infolist()[i % 50]))
            i += 1
    return name, out.getvalue()


def make_apple_health(target: int) -> tuple[str, bytes]:
    """An Apple Health ``export.zip`` whose ``export.xml`` alone is ``target`` bytes: years of
    heart-rate records, one a minute (varied, as real ones are, so the zip does not look like a
    bomb), a running workout every third day, each with a GPX route under ``workout-routes/``.
    From 2018 on, 600 MB reach into 2024: every workout is in the past, so all can be imported."""
    route = (CORPUS / "gpx" / "sportslib__2067489619.gpx").read_bytes()
    out = io.BytesIO()
    written = 0
    routes: list[tuple[str, str]] = []
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
    ):
        with zf.open("apple_health_export/export.xml", "w", force_zip64=True) as xml:
            xml.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
                      b'<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n]>\n'
                      b'<HealthData locale="en_GB">\n')  # fmt: skip
            day = 0
            while written < target:
                stamp = f"{2018 + day // 336}-{day // 28 % 12 + 1:02d}-{day % 28 + 1:02d}"
                records = "".join(
                    f'<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" '
                    f'unit="count/min" startDate="{stamp} {h:02d}:{m:02d}:00 +0100" '
                    f'endDate="{stamp} {h:02d}:{m:02d}:00 +0100" value="{55 + (h * m + day) % 90}"/>\n'
                    for h in range(24) for m in range(60)
                )  # fmt: skip
                if day % 3 == 0:
                    name = f"route_{stamp}_7.00am.gpx"
                    routes.append((name, stamp))
                    records += (
                        f'<Workout workoutActivityType="HKWorkoutActivityTypeRunning" '
                        f'duration="45" durationUnit="min" totalDistance="8.{day % 10}" '
                        f'totalDistanceUnit="km" sourceName="Watch" startDate="{stamp} 07:00:00 '
                        f'+0100" endDate="{stamp} 07:45:00 +0100"><WorkoutRoute><FileReference '
                        f'path="/workout-routes/{name}"/></WorkoutRoute></Workout>\n'
                    )
                data = records.encode()
                xml.write(data)
                written += len(data)
                day += 1
            xml.write(b"</HealthData>\n")
        for name, stamp in routes:  # a zip takes one member at a time
            dated = re.sub(rb"\d{4}-\d\d-\d\dT", stamp.encode() + b"T", route)
            zf.writestr(f"apple_health_export/workout-routes/{name}", dated)
    return "export.zip", out.getvalue()


def make_tiny(_target: int) -> tuple[str, bytes]:
    return "tiny.gpx", (TEST_DATA / "gpx" / "gpxpy__track_with_speed.gpx").read_bytes()


KINDS: dict[str, Callable[[int], tuple[str, bytes]]] = {
    "baseline (tiny GPX)": make_tiny,
    "gpx": make_gpx,
    "tcx": make_tcx,
    "fit": make_fit,
    "fit (a week of records)": lambda target: make_fit(target, max_records=MAX_SAMPLES),
    "csv (not runs)": make_csv_other,
    "csv (runs)": make_csv_runs,
    "zip (GPX export)": make_zip,
    "zip (compressed)": make_zip_deflated,
    "apple health": make_apple_health,
}


def child_import(path: str, db: str) -> None:
    """Run in the measured process: the import the CLI and the web upload both do."""
    from achillescare.services.importing import import_paths  # noqa: PLC0415
    from achillescare.storage.db import open_store  # noqa: PLC0415

    store = open_store(db)
    report = import_paths(store, "bench", [Path(path)])
    store.close()
    reasons = [o.detail for o in report.failed][:1]
    print(json.dumps({"imported": len(report.imported), "failed": len(report.failed),
                      "reason": reasons[0] if reasons else ""}))  # fmt: skip


def wrapper(path: str, db: str) -> None:
    """Run the import in a child and report the child's peak RSS (this process runs nothing else)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", path, db], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = done.stdout.strip().splitlines()
    outcome = json.loads(lines[-1]) if done.returncode == 0 and lines else {
        "error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}  # fmt: skip
    print(json.dumps({"peak_mb": peak_kb / 1024, "seconds": seconds, **outcome}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=200.0, help="input size per kind (MB)")
    parser.add_argument("--kinds", help="comma-separated subset of: " + ", ".join(KINDS))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--wrap", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(*args.child)
        return
    if args.wrap:
        wrapper(*args.wrap)
        return
    if not CORPUS.exists():
        raise SystemExit(f"the shared corpus is not at {CORPUS}")
    kinds = list(KINDS) if not args.kinds else [k.strip() for k in args.kinds.split(",")]
    target = int(args.mb * MB)
    print(f"{'kind':22} {'size':>9} {'peak RSS':>9} {'seconds':>8}  verdict   outcome")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            name, data = KINDS[kind](target)
            path = Path(tmp) / name
            path.write_bytes(data)
            size = len(data)
            del data
            done = subprocess.run(
                [sys.executable, __file__, "--wrap", str(path), str(Path(tmp) / f"{kind}.db")],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            path.unlink()
            peak = result["peak_mb"]
            ok = peak < LIMIT_MB and "error" not in result
            failures += not ok
            outcome = result.get("error") or (
                f"{result['imported']} imported, {result['failed']} failed"
                + (f" ({result['reason'][:70]})" if result["reason"] else "")
            )
            print(
                f"{kind:22} {size / MB:7.1f}MB {peak:7.0f}MB {result['seconds']:8.1f}  "
                f"{'ok' if ok else 'OVER':8}  {outcome}",
                flush=True,
            )
    print(f"\nlimit: {LIMIT_MB:.0f} MB peak RSS per import; {failures} kind(s) over")


if __name__ == "__main__":
    main()
