"""``/api/v1/clinic``: the specialist's dashboard of the runners who share with them, and the
summary of their insights counted together (``/api/v1/clinic/insights-summary``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from achillescare.domain.accounts import User
from achillescare.errors import Forbidden
from achillescare.web.auth import api_user, server_today, store_of
from achillescare.web.state import state_of
from achillescare.web.view_models.clinic import cached_clinic_view
from achillescare.web.view_models.clinic_insights import ClinicInsightsOut, clinic_insights_view
from achillescare.web.view_models.models import ERRORS, ClinicView

router = APIRouter(prefix="/api/v1", tags=["clinic"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.get("/clinic")
def get_clinic(user: CurrentUser, request: Request) -> ClinicView:
    """The runners who share with this specialist, most concerning first."""
    if user.role == "runner":
        raise Forbidden("the clinic dashboard is for specialists")
    state = state_of(request)
    return cached_clinic_view(state.store, user, server_today(), state.summaries, state.dashboards)


@router.get("/clinic/insights-summary")
def get_clinic_insights(user: CurrentUser, request: Request) -> ClinicInsightsOut:
    """How many of this specialist's runners show each run feature as likely or possible, out
    of how many with enough data; 1 or 2 runners are shown as "<3", no runner is named."""
    if user.role == "runner":
        raise Forbidden("the clinic summary is for specialists")
    return clinic_insights_view(store_of(request), user)
