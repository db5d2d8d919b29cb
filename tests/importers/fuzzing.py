"""Seeded mutations of real watch files, imported in a subprocess: the fuzz suite's one engine.

``tests/importers/test_fuzz.py`` runs a few seeds in CI; ``scripts/fuzz --minutes N`` runs the
same batches with more seeds for as long as asked, and saves every input that breaks a rule.

A batch is a folder of mutated copies of small real files (bit flips, truncation, a time,
number or coordinate replaced by a hostile value; FIT files get their CRC fixed after a value
is replaced, so the decoder reads the value instead of only warning about the checksum),
imported by ``achilles import --json`` in a child process. The rules checked:

- the child was not killed by a signal and printed no traceback;
- each file that was not imported has exactly one one-line reason;
- nothing stored breaks the plausibility limits (read back from the SQLite store).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from achillescare.domain.activity.plausibility import implausible_activity
from achillescare.storage.db import open_store
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from tests.conftest import TEST_DATA
from tests.importers.crafted import fit_values, with_fit_crc

SOURCES = {
    "fit": (
        "fit/fitparse__garmin-fenix-5-run.fit",
        "fit/sweatpy__6471559601_ACTIVITY.fit",
        "fit/fitparse__compressed-speed-distance.fit",
        "fit/fitparse__activity-small-fenix2-run.fit",
    ),
    "gpx": (
        "gpx/gpxpy__cerknicko-jezero.gpx",
        "gpx/gpxpy__track_with_speed.gpx",
        "gpx/gpxpy__korita-zbevnica.gpx",
    ),
    "tcx": ("tcx/tcxparser__test.tcx.gz", "tcx/tcxparser__no_hr.tcx.gz"),
}
"""Small real files with a licence that lets them live in ``tests/data`` (see its NOTICE files)."""

HOSTILE_TEXT = (
    b"0", b"-0001-01-01T00:00:00Z", b"0001-01-01T00:00:00Z", b"9999-12-31T23:59:59Z",
    b"0001-01-01T00:00:00+02:00", b"9999-12-31T23:00:00-05:00", b"not-a-time", b"", b" ",
    b"2016-02-30T10:00:00Z", b"2016-09-12T25:61:61Z", b"2016-09-12T11:54:30+99:99",
    b"NaN", b"nan", b"inf", b"-inf", b"1e308", b"-1e308", b"99999999999999999999", b"-1",
    b"1e-320", b"0x10", b"\xff\xfe", b"&amp;", b"1" * 5000, b"2016-09-12T11:54:30.1234567890123Z",
)  # fmt: skip
"""Values put in place of a time, a number or a coordinate of a GPX or TCX file."""

_XML_VALUE = (
    b"time", b"Time", b"ele", b"hr", b"cad", b"speed", b"DistanceMeters", b"AltitudeMeters",
    b"LatitudeDegrees", b"LongitudeDegrees", b"Value", b"TotalTimeSeconds", b"RunCadence",
)  # fmt: skip
_FIT_FIELDS = {
    (20, 253), (20, 5), (20, 6), (20, 0), (20, 1), (20, 2), (20, 3), (20, 4), (18, 2),
    (18, 7), (18, 8), (18, 9), (18, 253), (19, 2), (19, 9), (34, 5), (34, 253), (0, 4),
}  # fmt: skip
"""(message, field) of the FIT values that are replaced: record time, distance, speed,
position, heart rate, cadence; session and lap start, times and distance; local time."""


def mutate(kind: str, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One mutation of ``data`` (a FIT, GPX or TCX file): (what was done, the new bytes)."""
    how = rng.choice(("flip", "truncate", "value", "value", "value"))
    if how == "flip":
        out = bytearray(data)
        flips = rng.randint(1, 8)
        for _ in range(flips):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        if kind == "fit" and rng.random() < 0.5:
            return f"{flips} bits flipped, CRC fixed", _fit_crc_fixed(out)
        return f"{flips} bits flipped", bytes(out)
    if how == "truncate":
        cut = rng.randrange(1, len(data))
        return f"cut at byte {cut}", data[:cut]
    if kind == "fit":
        return _fit_value(data, rng)
    return _xml_value(data, rng)


def _fit_crc_fixed(data: bytes | bytearray) -> bytes:
    try:
        return with_fit_crc(data)
    except (IndexError, ValueError, OverflowError):  # a flipped header size: leave it as is
        return bytes(data)


def _fit_value(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    try:
        values = [v for v in fit_values(data) if (v.global_number, v.field_number) in _FIT_FIELDS]
    except (IndexError, KeyError):
        values = []
    if not values:
        return "nothing to replace", data
    out = bytearray(data)
    count = rng.randint(1, 3)
    for value in rng.sample(values, min(count, len(values))):
        choice = rng.choice(("zero", "max", "high bit", "random"))
        size = value.size
        raw = {
            "zero": bytes(size),
            "max": b"\xff" * size,
            "high bit": (1 << (8 * size - 1)).to_bytes(size, "little" if value.endian == "<" else "big"),
            "random": rng.randbytes(size),
        }[choice]  # fmt: skip
        out[value.offset : value.offset + size] = raw
    return f"{count} FIT values replaced, CRC fixed", with_fit_crc(out)


def _xml_value(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    tag = rng.choice(_XML_VALUE)
    opening = b"<" + tag + b">"
    spots: list[int] = []
    start = data.find(opening)
    while start >= 0 and len(spots) < 5000:
        spots.append(start)
        start = data.find(opening, start + 1)
    value = rng.choice(HOSTILE_TEXT)
    if not spots:  # GPX coordinates are attributes
        at = data.find(b'lat="', rng.randrange(len(data)))
        if at < 0:
            return "nothing to replace", data
        end = data.index(b'"', at + 5)
        return f"lat={value[:20]!r}", data[: at + 5] + value + data[end:]
    at = rng.choice(spots) + len(opening)
    end = data.find(b"<", at)
    return f"<{tag.decode()}>{value[:20]!r}", data[:at] + value + data[end:]


def sources(kind: str) -> list[tuple[str, bytes]]:
    found = []
    for rel in SOURCES[kind]:
        raw = (TEST_DATA / rel).read_bytes()
        name = rel.split("/")[-1].removesuffix(".gz")
        found.append((name, gzip.decompress(raw) if rel.endswith(".gz") else raw))
    return found


@dataclass
class BatchResult:
    """What one batch showed; ``problems`` is empty when every rule held."""

    kind: str
    seed: int
    files: dict[str, str]
    """File name → the mutation that made it."""
    summary: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def make_batch(kind: str, seed: int, count: int, folder: Path) -> dict[str, str]:
    """Write ``count`` mutated files to ``folder``; returns name → mutation."""
    rng = random.Random(f"{kind}-{seed}")
    originals = sources(kind)
    made = {}
    for i in range(count):
        name, data = rng.choice(originals)
        how, mutated = mutate(kind, data, rng)
        file_name = f"{i:03d}-{name}"
        (folder / file_name).write_bytes(mutated)
        made[file_name] = how
    return made


def run_batch(kind: str, seed: int, count: int, work: Path) -> BatchResult:
    """Make and import one batch in a child process, then check the rules."""
    folder = work / f"{kind}-{seed}"
    folder.mkdir(parents=True)
    result = BatchResult(kind, seed, make_batch(kind, seed, count, folder))
    result.problems = import_and_check(folder, work / f"{kind}-{seed}.db", result)
    return result


def import_and_check(folder: Path, db: Path, result: BatchResult | None = None) -> list[str]:
    command = [sys.executable, "-m", "achillescare.cli", "--db", str(db), "import", "--json"]
    done = subprocess.run(
        [*command, str(folder)], capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode < 0:
        return [f"killed by signal {-done.returncode}"]
    problems = []
    if "Traceback" in done.stderr:
        problems.append("traceback: " + done.stderr.strip().splitlines()[-1])
    if done.returncode not in (0, 1):
        problems.append(f"exit status {done.returncode}: {done.stderr.strip()[-300:]}")
        return problems
    summary: dict[str, Any] = json.loads(done.stdout)
    if result is not None:
        result.summary = summary
    problems.extend(_reason_problems(summary))
    problems.extend(_stored_problems(db))
    return problems


def _reason_problems(summary: dict[str, Any]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for outcome in summary["failed"] + summary["not_activities"]:
        source, reason = outcome["source"], outcome["reason"]
        if source in seen:
            problems.append(f"{source}: more than one reason")
        seen.add(source)
        if not reason.strip() or "\n" in reason:
            problems.append(f"{source}: reason is not one line: {reason!r}")
    return problems


def _stored_problems(db: Path) -> list[str]:
    if not db.exists():
        return []
    store = open_store(str(db))
    try:
        with store.session() as session:
            runners = runners_repo.list_runners(session)
            stored = [a for r in runners for a in activities_repo.list_for_runner(session, r.id)]
    finally:
        store.close()
    now = datetime.now(UTC)
    return [
        f"stored though implausible: {a.source} ({reason})"
        for a in stored
        if (reason := implausible_activity(a, now)) is not None
    ]


def isolate(result: BatchResult, work: Path, save_to: Path) -> list[Path]:
    """Re-import each file of a failing batch alone; save the ones that break a rule."""
    folder = work / f"{result.kind}-{result.seed}"
    saved = []
    for name in sorted(result.files):
        alone = work / "alone" / name
        alone.mkdir(parents=True)
        shutil.copy(folder / name, alone / name)
        problems = import_and_check(alone, alone.with_suffix(".db"))
        if problems:
            target = save_to / f"{result.kind}-seed{result.seed}-{name}"
            shutil.copy(folder / name, target)
            target.with_name(target.name + ".txt").write_text(
                f"mutation: {result.files[name]}\n" + "\n".join(problems) + "\n"
            )
            saved.append(target)
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz the importers for a while (see module doc).")
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run")
    parser.add_argument("--batch", type=int, default=40, help="files per batch")
    parser.add_argument("--first-seed", type=int, default=1000, help="seeds count up from here")
    parser.add_argument(
        "--save-to", type=Path, default=Path("fuzz-findings"), help="folder for breaking inputs"
    )
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    kinds = list(SOURCES)
    batches = files = 0
    findings: list[Path] = []
    seed = args.first_seed
    with tempfile.TemporaryDirectory(prefix="achilles-fuzz-") as tmp:
        work = Path(tmp)
        while time.monotonic() < deadline:
            for kind in kinds:
                result = run_batch(kind, seed, args.batch, work)
                batches += 1
                files += len(result.files)
                if result.problems:
                    args.save_to.mkdir(parents=True, exist_ok=True)
                    saved = isolate(result, work, args.save_to) or []
                    findings.extend(saved)
                    print(f"  {kind} seed {seed}: {len(result.problems)} problem(s): "
                          f"{result.problems[0]}; saved {len(saved)} input(s)")  # fmt: skip
                shutil.rmtree(work / f"{kind}-{seed}", ignore_errors=True)
            left = max(0.0, deadline - time.monotonic()) / 60
            print(f"seed {seed}: {batches} batches, {files} files, "
                  f"{len(findings)} breaking input(s), {left:.1f} min left", flush=True)  # fmt: skip
            seed += 1
    print(f"\n{files} mutated files in {batches} batches (seeds {args.first_seed}–{seed - 1}); "
          f"{len(findings)} broke a rule")  # fmt: skip
    if findings:
        print(f"saved to {args.save_to.resolve()} (each with a .txt saying what broke):")
        for path in findings:
            print(f"  {path.name}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
