"""The settings page's section about intervals.icu: whether the runner is linked, when the last
sync ran and how far it reached, and whether intervals.icu refused the key."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from achillescare.domain.runner import Runner
from achillescare.services.sync.intervals import current_link
from achillescare.storage.db import Store


class IntervalsView(BaseModel):
    linked: bool
    athlete_id: str | None = Field(description="The runner's intervals.icu athlete id.")
    last_synced: str | None = Field(description="When the last sync ran, in words.")
    synced_until: str | None = Field(description="The newest day fetched so far, in words.")
    refused: bool = Field(description="intervals.icu refused the key at the last sync.")


def _day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return f"{date.fromisoformat(value):%d %b %Y}"
    except ValueError:
        return None


def intervals_view(store: Store, runner: Runner) -> IntervalsView:
    link = current_link(store, runner)
    if link is None:
        return IntervalsView(
            linked=False, athlete_id=None, last_synced=None, synced_until=None, refused=False
        )
    synced: datetime | None = link.last_synced_at
    return IntervalsView(
        linked=True,
        athlete_id=link.athlete_id,
        last_synced=f"{synced.astimezone():%d %b %Y at %H:%M}" if synced else None,
        synced_until=_day(link.cursor.get("done_until")),
        refused="refused_at" in link.cursor,
    )
