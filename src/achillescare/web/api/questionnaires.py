"""``/api/v1/runners/{runner_id}/questionnaires`` and ``…/selftests``: VISA-A and OSTRC-O2
scored and kept; the home self-tests recorded and interpreted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from achillescare.domain.accounts import User
from achillescare.web.api.runners import readable, writable
from achillescare.web.auth import api_user, store_of, today_for
from achillescare.web.params import RunnerId
from achillescare.web.view_models.models import ERRORS
from achillescare.web.view_models.questionnaires import (
    OstrcIn,
    QuestionnairesView,
    ResponseOut,
    VisaAIn,
    answer_ostrc,
    answer_visa_a,
    questionnaires_view,
)
from achillescare.web.view_models.selftests import (
    SelfTestIn,
    SelfTestOut,
    SelfTestsView,
    record,
    selftests_view,
)

router = APIRouter(prefix="/api/v1/runners", tags=["questionnaires"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.get("/{runner_id}/questionnaires")
def get_questionnaires(
    runner_id: RunnerId, user: CurrentUser, request: Request
) -> QuestionnairesView:
    """Every scored VISA-A and OSTRC-O2 response, newest first."""
    return questionnaires_view(store_of(request), readable(request, user, runner_id))


@router.post("/{runner_id}/questionnaires/visa-a", status_code=status.HTTP_201_CREATED)
def post_visa_a(
    runner_id: RunnerId, body: VisaAIn, user: CurrentUser, request: Request
) -> ResponseOut:
    """Score and keep a VISA-A (0–100, 100 = no symptoms)."""
    return answer_visa_a(store_of(request), writable(request, user, runner_id), body)


@router.post("/{runner_id}/questionnaires/ostrc", status_code=status.HTTP_201_CREATED)
def post_ostrc(
    runner_id: RunnerId, body: OstrcIn, user: CurrentUser, request: Request
) -> ResponseOut:
    """Score and keep an OSTRC-O2 (0–100, higher = more problems)."""
    return answer_ostrc(store_of(request), writable(request, user, runner_id), body)


@router.get("/{runner_id}/selftests", tags=["self-tests"])
def get_selftests(runner_id: RunnerId, user: CurrentUser, request: Request) -> SelfTestsView:
    """How to do each self-test, the results so far and which are due again."""
    runner = readable(request, user, runner_id)
    return selftests_view(store_of(request), runner, today_for(request, runner))


@router.post("/{runner_id}/selftests", status_code=status.HTTP_201_CREATED, tags=["self-tests"])
def post_selftest(
    runner_id: RunnerId, body: SelfTestIn, user: CurrentUser, request: Request
) -> SelfTestOut:
    """Record today's result of one test for both legs, with what it means."""
    runner = writable(request, user, runner_id)
    return record(store_of(request), runner, body, today_for(request, runner))
