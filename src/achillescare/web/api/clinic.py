"""``/api/v1/clinic``: the specialist's dashboard of the runners who share with them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from achillescare.domain.accounts import User
from achillescare.errors import Forbidden
from achillescare.web.auth import api_user, server_today
from achillescare.web.state import state_of
from achillescare.web.view_models.clinic import cached_clinic_view
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
