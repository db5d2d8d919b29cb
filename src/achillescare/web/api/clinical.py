"""``/api/v1/runners/{runner_id}/assessments`` and ``…/overrides``: the clinician's loop.

Both lists are read by the runner and by specialists they share with. A linked specialist
records their own assessment and sets overrides; the runner enters only a self-reported
assessment ("a clinician assessed me", naming the clinician) and never an override. Anyone else
gets 403, and no session gets 401.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from achillescare.domain.accounts import User
from achillescare.domain.runner import Runner
from achillescare.errors import Forbidden, InvalidInput
from achillescare.services.accounts import visible_runner
from achillescare.web.auth import api_user, store_of
from achillescare.web.params import RunnerId
from achillescare.web.view_models.clinical import (
    AssessmentIn,
    AssessmentRecordedOut,
    AssessmentsView,
    OverrideIn,
    OverrideOut,
    OverridesView,
    clinical_view,
    record_assessment,
    set_override,
)
from achillescare.web.view_models.models import ERRORS

router = APIRouter(prefix="/api/v1/runners", tags=["clinical"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


def linked_specialist(request: Request, user: User, runner_id: int) -> Runner:
    """The runner, if this account is a specialist the runner shares with (not the runner)."""
    runner = visible_runner(store_of(request), user, runner_id)
    if user.runner_id == runner_id or user.role != "specialist":
        raise Forbidden("only a specialist the runner shares with can do this")
    return runner


def assess(
    request: Request, user: User, runner_id: int, body: AssessmentIn
) -> AssessmentRecordedOut:
    """A linked specialist's own assessment, or the runner's report of a named clinician's."""
    store = store_of(request)
    runner = visible_runner(store, user, runner_id)
    if user.runner_id == runner_id:
        if not (body.clinician or "").strip():
            raise InvalidInput("assessment: the name of the clinician who examined you is required")
        return record_assessment(store, runner, body, specialist=None, user_id=user.id)
    runner = linked_specialist(request, user, runner_id)
    return record_assessment(store, runner, body, specialist=user.name, user_id=user.id)


@router.get("/{runner_id}/assessments")
def get_assessments(runner_id: RunnerId, user: CurrentUser, request: Request) -> AssessmentsView:
    """The runner's clinical assessments, newest first, each with who entered it."""
    runner = visible_runner(store_of(request), user, runner_id)
    view = clinical_view(store_of(request), runner)
    return AssessmentsView(runner_id=runner.id, assessments=view.assessments)


@router.post("/{runner_id}/assessments", status_code=status.HTTP_201_CREATED)
def post_assessment(
    runner_id: RunnerId, body: AssessmentIn, user: CurrentUser, request: Request
) -> AssessmentRecordedOut:
    """Record an assessment of one side: it clears that side's red flags reported up to its
    date. The runner's own entry is stored as self-reported and needs ``clinician``."""
    return assess(request, user, runner_id, body)


@router.get("/{runner_id}/overrides")
def get_overrides(runner_id: RunnerId, user: CurrentUser, request: Request) -> OverridesView:
    """The specialists' overrides of the runner's decision, newest first."""
    runner = visible_runner(store_of(request), user, runner_id)
    view = clinical_view(store_of(request), runner)
    return OverridesView(runner_id=runner.id, overrides=view.overrides)


@router.post("/{runner_id}/overrides", status_code=status.HTTP_201_CREATED)
def post_override(
    runner_id: RunnerId, body: OverrideIn, user: CurrentUser, request: Request
) -> OverrideOut:
    """Set the decision for a day or a period (at most 28 days, from today), with a reason:
    a specialist the runner shares with only."""
    runner = linked_specialist(request, user, runner_id)
    return set_override(store_of(request), runner, body, specialist=user.name, user_id=user.id)
