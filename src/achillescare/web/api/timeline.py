"""``GET /api/v1/runners/{runner_id}/timeline``: the runner's timeline as JSON, one row per day.

The same document as ``achilles timeline --json`` (both come from
:func:`achillescare.services.timeline.runner_timeline`). Readable by the runner and by a
specialist with an active share.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from achillescare.domain.accounts import User
from achillescare.services.accounts import visible_runner
from achillescare.services.timeline import runner_timeline
from achillescare.web.auth import api_user, store_of
from achillescare.web.params import RunnerId
from achillescare.web.view_models.models import ERRORS

router = APIRouter(prefix="/api/v1/runners", tags=["runners"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.get("/{runner_id}/timeline")
def get_timeline(
    runner_id: RunnerId,
    user: CurrentUser,
    request: Request,
    start: Annotated[
        date | None, Query(alias="from", description="First day (YYYY-MM-DD).")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (YYYY-MM-DD).")] = None,
) -> dict[str, Any]:
    """One row per day from ``from`` to ``to``: distance, runs, Achilles load, the load signals,
    morning pain and stiffness and run pain per side, VISA-A/OSTRC scores, events and the
    wellness figures of a linked service (resting heart rate, HRV, sleep). Without a range: the
    last six weeks, or the six weeks ending on the last day with data."""
    store = store_of(request)
    runner = visible_runner(store, user, runner_id)
    return runner_timeline(store, runner, start, end).to_json()
