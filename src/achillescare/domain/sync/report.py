"""What one sync of one service did, for the CLI, the web page and the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from achillescare.domain.sync.links import SourceName


@dataclass(slots=True)
class SyncReport:
    """Counted as the sync goes, so an interrupted sync still says what it stored.

    ``imported`` holds the new activities' ids; ``duplicates`` the service's ids of runs already
    in the store (from a file or an earlier sync); ``skipped`` service ids left out with the reason
    (not a run, no data); ``wellness_days`` days of wellness answers stored; ``resume_after`` is set
    when the service's rate limit stopped the sync early (it goes on from the cursor next time).
    """

    source: SourceName
    imported: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    wellness_days: int = 0
    resume_after: datetime | None = None

    @property
    def complete(self) -> bool:
        return self.resume_after is None
