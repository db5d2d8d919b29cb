"""Fast running and strides of the same activity recorded in several formats (FIT, TCX, GPX).

For each activity of the shared corpus that exists in more than one format, prints fast time
(seconds above a threshold) and strides (bouts of at least 10 s) judged two ways, side by side:

- ``channel``: the device's speed channel when the file has one (FIT, most TCX), else speed
  from distance over ~4 s (GPX) — what AchillesCare did before;
- ``distance``: speed from the distance stream over a centred 10 s window for every format —
  what :func:`achillescare.domain.activity.streams.fast_speed` does now.

Thresholds are the FIT file's own 80th/90th percentile of 1-minute speeds (what a runner's
derived threshold would be). The same run should give the same figures whatever the format.

Usage: ``.venv/bin/python benchmarks/strides_by_format.py [corpus folder]``
(default ``../shared/corpus``).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from achillescare.domain.activity.features import minute_speeds
from achillescare.domain.activity.records import Streams
from achillescare.domain.activity.streams import (
    SPEED_MEDIAN_SAMPLES,
    STRIDE_MIN_S,
    bouts_at_least,
    fast_mask,
    intervals,
    running_median,
)
from achillescare.importers.fit.reader import parse_fit
from achillescare.importers.xml.gpx import parse_gpx
from achillescare.importers.xml.tcx import parse_tcx

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PARSERS = {"fit": parse_fit, "tcx": parse_tcx, "gpx": parse_gpx}


def key_of(path: Path) -> str:
    name = path.name.removesuffix(".gz")
    for suffix in (".fit", ".tcx", ".gpx"):
        name = name.removesuffix(suffix)
    return name.removeprefix("sweatpy__activity_").removeprefix("sweatpy__").removesuffix("_strava")


def by_channel(streams: Streams, threshold: float) -> tuple[float, int]:
    iv = intervals(streams)
    if iv.speed is None:
        return 0.0, 0
    mask = iv.moving & (running_median(iv.speed, SPEED_MEDIAN_SAMPLES) > threshold)
    return float(iv.dt[mask].sum()), bouts_at_least(mask, iv.dt, STRIDE_MIN_S)


def by_distance(streams: Streams, threshold: float) -> tuple[float, int]:
    iv = intervals(streams)
    mask = fast_mask(iv, threshold)
    if mask is None:
        return 0.0, 0
    return float(iv.dt[mask].sum()), bouts_at_least(mask, iv.dt, STRIDE_MIN_S)


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    groups: dict[str, dict[str, Streams]] = defaultdict(dict)
    for kind, parse in PARSERS.items():
        for path in sorted((corpus / kind).glob(f"*.{kind}*")):
            data = path.read_bytes()
            if path.suffix == ".gz":
                import gzip  # noqa: PLC0415  (only the corpus' gzipped files need it)

                data = gzip.decompress(data)
            try:
                parsed = parse(data)
            except Exception:
                continue
            if parsed and parsed[0].streams is not None:
                groups[key_of(path)][kind] = parsed[0].streams
    print(f"{'activity':36} {'format':6} {'threshold':>9}  {'channel':>16}  {'distance':>16}")
    for key, formats in sorted(groups.items()):
        if len(formats) < 2:
            continue
        reference = formats.get("fit") or next(iter(formats.values()))
        speeds = minute_speeds(reference)
        if speeds.size < 10:
            continue
        for percentile in (80, 90):
            threshold = float(np.percentile(speeds, percentile))
            for kind, streams in sorted(formats.items()):
                ch_s, ch_n = by_channel(streams, threshold)
                di_s, di_n = by_distance(streams, threshold)
                print(
                    f"{key:36} {kind:6} {threshold:6.2f} m/s  "
                    f"{ch_s:6.0f} s {ch_n:3d} bouts  {di_s:6.0f} s {di_n:3d} bouts"
                )
        print()


if __name__ == "__main__":
    main()
