"""FIT decoding speed, side by side in one run: our decoder vs fitdecode (and fitfast if installed).

Every decoder reads the same record-heavy files from ``../shared/corpus/fit`` (only files under
permissive licences, no Garmin FIT SDK sample: the SDK's licence forbids benchmarking it) and
extracts the same record fields (time, position, altitude, heart rate, cadence, distance, speed,
running dynamics). Each decoder's best of ``repeat`` passes over all files counts; the speed-up
is relative to fitdecode. fitfast (a young Rust-backed parser) is optional: install it with
``pip install fitfast``; its failures, Rust panics included, are caught and reported.

Usage: ``.venv/bin/python benchmarks/fit_bench.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import importlib
import io
import time
from collections.abc import Callable
from pathlib import Path

import fitdecode

from achillescare.importers.fit.decode import decode_fit
from achillescare.importers.fit.profile import FIELDS, RECORD
from achillescare.importers.fit.reader import parse_fit

REPO = Path(__file__).resolve().parent.parent
CORPUS_FIT = REPO.parent / "shared" / "corpus" / "fit"
BENCH_FILES = (
    "fitparse__activity-small-fenix2-run.fit",  # fenix 2 run, MIT
    "fitparse__activity-large-fenxi2-multisport.fit",  # fenix 2 multisport, MIT
    "fitparse__developer-types-sample.fit",  # Stryd run, developer fields, MIT
    "tormoder__mornindew-broken.fit",  # FR920XT run with Stryd fields, MIT
    "muktihari__triathlon_summary_last.fit",  # FR255 triathlon, BSD-3-Clause
    "fitparse__garmin-edge-500-activity.fit",  # Edge 500 ride, MIT
    "fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit",  # Wahoo ride, MIT
    "sweatpy__4801048867.fit",  # FR935 ride, MIT
    "muktihari__big_activity.fit",  # 99,998 records, BSD-3-Clause
)
"""Record-heavy files (2.8 k to 100 k records) under MIT or BSD licences."""

RECORD_FIELDS = frozenset(spec.name for spec in FIELDS[RECORD].values())

Decoder = Callable[[bytes], int]
"""Decode one file's bytes, extract the record fields, return how many records it read."""


def _ours(data: bytes) -> int:
    return decode_fit(data).record_count


def _ours_with_streams(data: bytes) -> int:
    """Decode and build the activities; counts only the records inside a session."""
    activities = parse_fit(data)
    return sum(len(a.streams) for a in activities if a.streams is not None)


def _fitdecode(data: bytes) -> int:
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        rows = [
            {f.name: f.value for f in frame.fields if f.name in RECORD_FIELDS}
            for frame in reader
            if isinstance(frame, fitdecode.FitDataMessage) and frame.global_mesg_num == RECORD
        ]
    return len(rows)


def _fitfast() -> Decoder | None:
    try:
        module = importlib.import_module("fitfast")
    except ImportError:
        return None

    def decode(data: bytes) -> int:
        columns = module.records(data)
        return len(columns["timestamp"]) if "timestamp" in columns else 0

    return decode


def _time(decoder: Decoder, blobs: list[bytes], repeat: int) -> tuple[int, float, list[str]]:
    """(records per pass, best seconds per pass, failures as one-line reasons)."""
    best = float("inf")
    records = 0
    failures: list[str] = []
    for _ in range(repeat):
        records, failures = 0, []
        start = time.perf_counter()
        for index, data in enumerate(blobs):
            try:
                records += decoder(data)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # a Rust panic (pyo3 PanicException) is no Exception
                failures.append(f"file {index}: {type(error).__name__}: {error}"[:160])
        best = min(best, time.perf_counter() - start)
    return records, best, failures


def fit_decoding_rows(paths: list[Path], repeat: int = 3) -> list[dict[str, object]]:
    """One row per decoder: files, records, best seconds, records/s, speed-up over fitdecode."""
    blobs = [path.read_bytes() for path in paths]
    decoders: list[tuple[str, Decoder | None]] = [
        ("achillescare decode_fit", _ours),
        ("achillescare parse_fit (in-session)", _ours_with_streams),
        ("fitdecode", _fitdecode),
        ("fitfast", _fitfast()),
    ]
    rows: list[dict[str, object]] = []
    for name, decoder in decoders:
        if decoder is None:
            rows.append({"decoder": name, "files": len(blobs), "note": "not installed"})
            continue
        records, seconds, failures = _time(decoder, blobs, repeat)
        rows.append(
            {
                "decoder": name,
                "files": len(blobs),
                "records": records,
                "seconds": seconds,
                "records_per_s": records / seconds if seconds > 0 else 0.0,
                "failures": failures,
            }
        )
    baseline = next((r["records_per_s"] for r in rows if r["decoder"] == "fitdecode"), None)
    for row in rows:
        speed = row.get("records_per_s")
        if isinstance(speed, float) and isinstance(baseline, float) and baseline > 0:
            row["speedup_vs_fitdecode"] = speed / baseline
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args()
    paths = [CORPUS_FIT / name for name in BENCH_FILES if (CORPUS_FIT / name).exists()]
    if not paths:
        print(f"no benchmark files under {CORPUS_FIT}")
        return
    rows = fit_decoding_rows(paths, repeat=args.repeat)
    print(f"{len(paths)} files from {CORPUS_FIT}, best of {args.repeat} passes")
    print(f"{'decoder':36} {'records':>9} {'ms/pass':>9} {'records/s':>12} {'× fitdecode':>12}")
    for row in rows:
        if "records" not in row:
            print(f"{row['decoder']:36} {row.get('note', '')}")
            continue
        seconds = float(str(row["seconds"]))
        speed = float(str(row["records_per_s"]))
        factor = row.get("speedup_vs_fitdecode")
        factor_text = f"{float(str(factor)):.0f}×" if factor is not None else "–"
        print(
            f"{row['decoder']:36} {row['records']!s:>9} {seconds * 1000:9.1f} "
            f"{speed:12,.0f} {factor_text:>12}"
        )
        failures = row.get("failures")
        if isinstance(failures, list) and failures:
            for failure in failures:
                print(f"    failed: {failure}")


if __name__ == "__main__":
    main()
