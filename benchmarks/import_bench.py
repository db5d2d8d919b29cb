"""Import speed, side by side in one run.

1. FIT decoding, records/s: our decoder vs fitdecode (and fitfast when installed), from
   ``fit_bench.fit_decoding_rows`` (garmin-fit-sdk is not benchmarked: its licence forbids it).
2. End to end (discover + parse + features + store, one transaction per activity), activities/s:
   (a) every file of ``../shared/corpus``; (b) a synthetic 3,000-activity history made of real
   running FIT files re-timed to consecutive days (``retime_fit``). Target: (b) in < 30 s.

Usage: ``.venv/bin/python benchmarks/import_bench.py [--activities 3000] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retime_fit import retime_fit

from achillescare.services.importing import ImportReport, import_paths
from achillescare.storage.db import open_store

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
# Real ~0.5–2 h runs from devices of several makers (no Garmin FIT SDK samples).
HISTORY_SOURCES = (
    "fit/sportslib__6782987395.fit",
    "fit/sportslib__6860622783.fit",
    "fit/sportslib__6916728382.fit",
    "fit/goldencheetah__Garmin920_withFirstbeat.fit",
    "fit/fitparse__activity-small-fenix2-run.fit",
    "fit/runalyze__with-new-dynamics.fit",
    "fit/goldencheetah__Move_2020_01_15_19_27_16_Running.fit",
    "fit/sportslib__6914538454.fit",
)


def timed_import(db: str, paths: list[Path]) -> tuple[float, ImportReport]:
    store = open_store(db)
    try:
        started = time.perf_counter()
        report = import_paths(store, "bench", paths)
        return time.perf_counter() - started, report
    finally:
        store.close()


def make_history(folder: Path, count: int) -> list[Path]:
    sources = [(CORPUS / name).read_bytes() for name in HISTORY_SOURCES]
    paths = []
    for i in range(count):
        path = folder / f"run_{i:05d}.fit"
        path.write_bytes(
            # Moved back, not forward: a run moved into the future is rejected as implausible.
            retime_fit(sources[i % len(sources)], shift_s=-(count - i) * 86_400 + 3_600 * (i % 5))
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--activities", type=int, default=3000, help="size of the synthetic history"
    )
    parser.add_argument(
        "--postgres", help="also import the synthetic history into this database URL"
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"the shared corpus is not at {CORPUS}")

    try:
        from fit_bench import main as fit_main  # noqa: PLC0415
    except ImportError:
        print("fit_bench.py not found: FIT decoding table skipped")
    else:
        print("== FIT decoding (records/s, same files, same fields)")
        fit_main()

    print("\n== End to end: parse + features + store (SQLite, one transaction per activity)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds, report = timed_import(str(folder / "corpus.db"), [CORPUS])
        rows.append(
            ("(a) shared corpus", report.files, len(report.imported), len(report.failed), seconds)
        )
        history = folder / "history"
        history.mkdir()
        make_history(history, args.activities)
        seconds, report = timed_import(str(folder / "history.db"), [history])
        rows.append(
            (
                f"(b) {args.activities} re-timed FIT runs",
                report.files,
                len(report.imported),
                len(report.failed),
                seconds,
            )
        )
        if args.postgres:
            seconds, report = timed_import(args.postgres, [history])
            rows.append(
                (
                    "(b) same, PostgreSQL",
                    report.files,
                    len(report.imported),
                    len(report.failed),
                    seconds,
                )
            )
    print(
        f"{'input':34} {'files':>6} {'activities':>10} {'failed':>6} {'seconds':>8} {'activities/s':>12}"
    )
    for name, files, activities, failed, seconds in rows:
        print(
            f"{name:34} {files:6d} {activities:10d} {failed:6d} {seconds:8.2f} {activities / seconds:12.1f}"
        )
    target = rows[1][4]
    verdict = "meets" if target < 30 else "MISSES"
    print(f"\n{args.activities}-activity history: {target:.1f} s ({verdict} the < 30 s target)")


if __name__ == "__main__":
    main()
