"""Paths in, :class:`~achillescare.domain.activity.records.Activity` records out, with no store.

What a researcher reads into a notebook: the same discovery, parsing, plausibility checks and
duplicate rule as ``achilles import`` (:func:`achillescare.services.importing.import_paths`),
but nothing is written anywhere and nothing is reported: a file or activity the import would
refuse, skip or drop as a duplicate is simply left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from achillescare.domain.activity.dedupe import ActivityIndex, KnownActivity
from achillescare.domain.activity.features import derive_fast_threshold, minute_speeds, summarise
from achillescare.domain.activity.plausibility import implausible_activity, implausible_summary
from achillescare.domain.activity.records import Activity, ParsedActivity, is_running
from achillescare.domain.units import Units
from achillescare.importers.base import ImportItem
from achillescare.importers.sources import close_archives, discover, read


def _parsed_activities(
    paths: Sequence[Path], units: Units
) -> list[tuple[ParsedActivity, str, ImportItem]]:
    """Every readable, plausible activity under ``paths`` with its source name and file; a file
    whose bytes were already read (a copy in another folder) is read once."""
    found: list[tuple[ParsedActivity, str, ImportItem]] = []
    seen: set[str] = set()
    try:
        for ref in discover(list(paths), default_units=units).refs:
            item = read(ref)
            if item.content_sha256 is not None:
                if item.content_sha256 in seen:
                    continue
                seen.add(item.content_sha256)
            for leg, parsed in enumerate(item.activities):
                if implausible_summary(parsed.summary) is None:
                    source = (
                        item.source if len(item.activities) == 1 else f"{item.source}#{leg + 1}"
                    )
                    found.append((parsed, source, item))
    finally:
        close_archives()
    return found


def read_activities(
    paths: Sequence[Path],
    *,
    units: Units = Units.KM,
    fast_speed_m_s: float | None = None,
    now: datetime | None = None,
) -> list[Activity]:
    """Every activity found under ``paths`` (files, folders, zip archives, Strava and Garmin
    exports, CSVs of runs), oldest first, each once.

    Fast time, fast distance and strides (runs only; None for other sports, as a first import
    stores them) use ``fast_speed_m_s`` or, when None, the runner's default threshold: the 90th percentile of the runs' 1-minute speeds, as the import derives
    it for a new runner (None, and those figures None, with under 30 minutes of running).
    ``units`` is the distance unit of CSVs that do not state theirs; ``now`` (default: the
    clock) is the latest plausible start.
    """
    found = _parsed_activities(paths, units)
    if fast_speed_m_s is None:
        speeds = [
            minute_speeds(parsed.streams)
            for parsed, _, _ in found
            if parsed.streams is not None and is_running(parsed.sport)
        ]
        fast_speed_m_s = derive_fast_threshold(np.concatenate(speeds) if speeds else np.empty(0))
    latest = now or datetime.now(UTC)
    index = ActivityIndex()
    kept: list[Activity] = []
    for parsed, source, item in found:  # files before lists: the file's copy of a run is kept
        activity = summarise(
            parsed,
            source=source,
            source_kind=item.source_kind,
            content_sha256=item.content_sha256,
            fast_speed_m_s=fast_speed_m_s if is_running(parsed.sport) else None,
        )
        known = KnownActivity.of(activity)
        if implausible_activity(activity, latest) is None and index.same_as(known) is None:
            index.add(known)
            kept.append(activity)
    return sorted(kept, key=lambda activity: activity.start_utc)
