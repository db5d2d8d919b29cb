"""``/api/v1/runners/{runner_id}/activities/{activity_id}``: one activity, read by the runner or
a specialist they share with; changed (sport, name, left out of the load) or deleted only by
the runner. The decision and signals follow at once (the change moves the training revision).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi import Path as PathParam

from achillescare.domain.accounts import User
from achillescare.services.activities import delete_activity, edit_activity, get_activity
from achillescare.web.api.runners import RunnerId, readable, writable
from achillescare.web.auth import api_user, store_of
from achillescare.web.view_models.activity import ActivityDetailView, activity_detail_view
from achillescare.web.view_models.models import ERRORS, ActivityEditIn, ActivityOut
from achillescare.web.view_models.runner import activity_out

router = APIRouter(prefix="/api/v1/runners", tags=["activities"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]
ActivityId = Annotated[
    int, PathParam(ge=1, le=2**31 - 1, description="An activity's id, as the list gives it.")
]


@router.get("/{runner_id}/activities/{activity_id}")
def get_one(
    runner_id: RunnerId, activity_id: ActivityId, user: CurrentUser, request: Request
) -> ActivityOut:
    """One activity of the runner."""
    runner = readable(request, user, runner_id)
    return activity_out(get_activity(store_of(request), runner, activity_id), runner.units)


@router.get("/{runner_id}/activities/{activity_id}/details")
def get_details(
    runner_id: RunnerId, activity_id: ActivityId, user: CurrentUser, request: Request
) -> ActivityDetailView:
    """Everything the activity's page shows: totals in the runner's units, splits per km or mile,
    the altitude and pace charts (Vega-Lite, with their text alternative) and the run's uphill,
    fast minutes and strides beside the runner's usual."""
    runner = readable(request, user, runner_id)
    return activity_detail_view(
        store_of(request), runner, activity_id, can_edit=user.runner_id == runner_id
    )


@router.patch("/{runner_id}/activities/{activity_id}")
def patch_one(
    runner_id: RunnerId,
    activity_id: ActivityId,
    body: ActivityEditIn,
    user: CurrentUser,
    request: Request,
) -> ActivityOut:
    """Change the sport or name, or leave it out of the load with a reason (``null``: count
    it again). Only the fields sent change."""
    runner = writable(request, user, runner_id)
    given = body.model_fields_set
    reason = body.excluded_reason if "excluded_reason" in given else None
    edited = edit_activity(
        store_of(request),
        runner,
        activity_id,
        sport=body.sport,
        name=body.name if "name" in given and body.name is not None else None,
        exclude_reason=reason,
        include="excluded_reason" in given and reason is None,
    )
    return activity_out(edited, runner.units)


@router.delete("/{runner_id}/activities/{activity_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_one(
    runner_id: RunnerId, activity_id: ActivityId, user: CurrentUser, request: Request
) -> Response:
    """Delete the activity and its recorded streams."""
    runner = writable(request, user, runner_id)
    delete_activity(store_of(request), runner, activity_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
