"""``/api/v1/runners/{runner_id}/shoes``: the runner's shoes with their distance, read by the
runner or a specialist they share with; added, changed, deleted and assigned to activities only
by the runner. Deleting a shoe leaves its activities in no shoe. ``PUT …/activities/{id}/shoe``
says which shoe one activity was done in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi import Path as PathParam

from achillescare.domain.accounts import User
from achillescare.errors import InvalidInput
from achillescare.services import shoes as shoes_service
from achillescare.services.activities import get_activity
from achillescare.web.api.activities import ActivityId
from achillescare.web.api.runners import RunnerId, readable, writable
from achillescare.web.auth import api_user, store_of
from achillescare.web.view_models.models import ERRORS, ActivityOut
from achillescare.web.view_models.runner import activity_out, shoe_names
from achillescare.web.view_models.shoes import (
    ShoeChoiceIn,
    ShoeIn,
    ShoeOut,
    ShoesView,
    shoes_view,
)

router = APIRouter(prefix="/api/v1/runners", tags=["shoes"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]
ShoeId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="A shoe's id, as listed.")]


def _one(view: ShoesView, shoe_id: int | None) -> ShoeOut:
    return next(shoe for shoe in view.shoes if shoe.id == shoe_id)


def _fields(body: ShoeIn) -> dict[str, Any]:
    fields = {name: getattr(body, name) for name in body.model_fields_set}
    if fields.get("default_sports") is None and "default_sports" in fields:
        fields["default_sports"] = ()
    if "default_sports" in fields:
        fields["default_sports"] = tuple(fields["default_sports"])
    if "reminder_m" in fields and fields["reminder_m"] is None:
        del fields["reminder_m"]
    return fields


@router.get("/{runner_id}/shoes")
def list_shoes(runner_id: RunnerId, user: CurrentUser, request: Request) -> ShoesView:
    """Every shoe, those still worn first, with the distance and activities in each."""
    return shoes_view(store_of(request), readable(request, user, runner_id))


@router.post("/{runner_id}/shoes", status_code=status.HTTP_201_CREATED)
def add_shoe(runner_id: RunnerId, body: ShoeIn, user: CurrentUser, request: Request) -> ShoeOut:
    """Add a pair (``name`` required). Activities already imported that named this gear are
    put in it."""
    runner = writable(request, user, runner_id)
    if not body.name:
        raise InvalidInput("give the shoe a name, e.g. 'Pegasus 41 blue'")
    store = store_of(request)
    shoe = shoes_service.add_shoe(store, runner, **_fields(body))
    return _one(shoes_view(store, runner), shoe.id)


@router.patch("/{runner_id}/shoes/{shoe_id}")
def change_shoe(
    runner_id: RunnerId, shoe_id: ShoeId, body: ShoeIn, user: CurrentUser, request: Request
) -> ShoeOut:
    """Change the fields sent; ``retired_on`` retires the pair (``null``: worn again)."""
    runner = writable(request, user, runner_id)
    store = store_of(request)
    fields = _fields(body)
    if "name" in fields and not fields["name"]:
        raise InvalidInput("a shoe needs a name")
    shoes_service.edit_shoe(store, runner, shoe_id, **fields)
    return _one(shoes_view(store, runner), shoe_id)


@router.delete("/{runner_id}/shoes/{shoe_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_shoe(
    runner_id: RunnerId, shoe_id: ShoeId, user: CurrentUser, request: Request
) -> Response:
    """Delete the pair; its activities stay, in no shoe."""
    shoes_service.delete_shoe(store_of(request), writable(request, user, runner_id), shoe_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{runner_id}/activities/{activity_id}/shoe")
def put_shoe(
    runner_id: RunnerId,
    activity_id: ActivityId,
    body: ShoeChoiceIn,
    user: CurrentUser,
    request: Request,
) -> ActivityOut:
    """Say which of the runner's shoes the activity was done in (``null``: none)."""
    runner = writable(request, user, runner_id)
    store = store_of(request)
    shoes_service.assign_activities(store, runner, [activity_id], body.shoe_id)
    return activity_out(
        get_activity(store, runner, activity_id), runner.units, shoe_names(store, runner)
    )
