"""Is this activity one the runner already has? The import's de-duplication rule.

The same file twice is caught by its content hash; the same run from another source (a FIT file
and the Strava export of it) by start time within ±2 min and distance within ±3 % — both runs or
both not runs, and never another leg of the same multisport file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from achillescare.domain.activity.records import Activity

START_WINDOW = timedelta(minutes=2)
DISTANCE_TOLERANCE = 0.03


@dataclass(frozen=True, slots=True)
class KnownActivity:
    """What de-duplication needs of a stored activity."""

    start_utc: datetime
    distance_m: float
    is_run: bool
    content_sha256: str | None
    source: str

    @classmethod
    def of(cls, activity: Activity) -> KnownActivity:
        return cls(
            activity.start_utc,
            activity.distance_m,
            activity.is_run,
            activity.content_sha256,
            activity.source,
        )


def is_same_activity(known: KnownActivity, candidate: KnownActivity) -> bool:
    """Duplicates (house rule): start within ±2 min, distance within ±3 %, same kind, other file."""
    if candidate.content_sha256 is not None and known.content_sha256 == candidate.content_sha256:
        return False
    if known.is_run != candidate.is_run:
        return False
    if abs(known.start_utc - candidate.start_utc) > START_WINDOW:
        return False
    reference = max(known.distance_m, candidate.distance_m)
    return reference == 0 or abs(known.distance_m - candidate.distance_m) <= (
        DISTANCE_TOLERANCE * reference
    )


class ActivityIndex:
    """The runner's activities in memory, bucketed by start time, so an import of thousands of
    files asks the database once instead of twice per activity."""

    _BUCKET_S = int(START_WINDOW.total_seconds())

    def __init__(self, known: Iterable[KnownActivity] = ()) -> None:
        self._hashes: set[str] = set()
        self._buckets: defaultdict[int, list[KnownActivity]] = defaultdict(list)
        for item in known:
            self.add(item)

    def _bucket(self, start: datetime) -> int:
        return int(start.timestamp()) // self._BUCKET_S

    def add(self, item: KnownActivity) -> None:
        if item.content_sha256:
            self._hashes.add(item.content_sha256)
        self._buckets[self._bucket(item.start_utc)].append(item)

    def has_content(self, content_sha256: str) -> bool:
        """True when a file with these bytes was imported already."""
        return content_sha256 in self._hashes

    def same_as(self, candidate: KnownActivity) -> KnownActivity | None:
        """The known activity that ``candidate`` duplicates, if any."""
        bucket = self._bucket(candidate.start_utc)
        for key in (bucket - 1, bucket, bucket + 1):
            for known in self._buckets.get(key, ()):
                if is_same_activity(known, candidate):
                    return known
        return None
