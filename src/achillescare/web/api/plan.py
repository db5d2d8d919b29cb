"""``/api/v1/runners/{runner_id}/plan`` and ``…/program``: the week's plan and its tick-off."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from achillescare.domain.accounts import User
from achillescare.web.api.runners import readable, writable
from achillescare.web.auth import api_user, store_of, today_for
from achillescare.web.params import RunnerId
from achillescare.web.view_models.models import ERRORS
from achillescare.web.view_models.plan import (
    DoneIn,
    DoneOut,
    PlanView,
    ProgramChangeIn,
    ProgramView,
    StartIn,
    change,
    plan_view,
    program_view,
    start,
    tick_off,
)

router = APIRouter(prefix="/api/v1/runners", tags=["plan"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.get("/{runner_id}/plan")
def get_plan(runner_id: RunnerId, user: CurrentUser, request: Request) -> PlanView:
    """This week's sessions with each exercise's dose, instructions and tick-off state."""
    runner = readable(request, user, runner_id)
    return plan_view(store_of(request), runner, today_for(request, runner))


@router.post("/{runner_id}/plan/done", status_code=status.HTTP_201_CREATED)
def post_done(runner_id: RunnerId, body: DoneIn, user: CurrentUser, request: Request) -> DoneOut:
    """Tick off an exercise with the pain (0–10) and effort (RPE) it took."""
    runner = writable(request, user, runner_id)
    return tick_off(store_of(request), runner, body, today_for(request, runner))


@router.get("/{runner_id}/program")
def get_program(runner_id: RunnerId, user: CurrentUser, request: Request) -> ProgramView:
    """The program and its history of changes (who changed what, and why)."""
    return program_view(store_of(request), readable(request, user, runner_id))


@router.put("/{runner_id}/program")
def put_program(
    runner_id: RunnerId, body: ProgramChangeIn, user: CurrentUser, request: Request
) -> ProgramView:
    """Change phase, protocol or extra load: the runner or a specialist they share with."""
    runner = readable(request, user, runner_id)
    return change(store_of(request), runner, body, user.name)


@router.post("/{runner_id}/program", status_code=status.HTTP_201_CREATED)
def post_program(
    runner_id: RunnerId, body: StartIn, user: CurrentUser, request: Request
) -> PlanView:
    """Start a recovery program (mid-portion or insertional pain) or prevention (none)."""
    runner = writable(request, user, runner_id)
    return start(store_of(request), runner, body, today_for(request, runner))
