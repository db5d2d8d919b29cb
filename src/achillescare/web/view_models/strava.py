"""The Strava part of the settings page: offered only when the self-hoster set up a Strava app."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from achillescare.domain.runner import Runner
from achillescare.services.sync import strava as strava_sync
from achillescare.settings import strava as strava_settings
from achillescare.storage.db import Store


class StravaView(BaseModel):
    connected: bool = Field(description="The runner has connected Strava.")
    last_synced_on: date | None = Field(description="The day runs last came from Strava.")


def strava_view(store: Store, runner: Runner) -> StravaView | None:
    """None when this server has no Strava client id (then the page offers no Strava)."""
    if strava_settings().client_id is None:
        return None
    link = strava_sync.connected(store, runner)
    synced = link.last_synced_at if link is not None else None
    return StravaView(
        connected=link is not None, last_synced_on=synced.date() if synced is not None else None
    )
