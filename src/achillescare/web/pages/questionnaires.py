"""The questionnaires page: VISA-A and OSTRC-O2 forms and the runner's scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.services.errors import InvalidInput
from achillescare.web.auth import page_user, store_of
from achillescare.web.pages.render import render
from achillescare.web.views.questionnaires import (
    ITEM7_CHOICES,
    ITEM8_BRANCHES,
    OSTRC_FORM,
    VISA_PROMPTS,
    OstrcIn,
    VisaAIn,
    answer_ostrc,
    answer_visa_a,
    questionnaires_view,
)

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


def _page(
    request: Request, user: User, status_code: int = 200, error: str | None = None
) -> Response:
    store = store_of(request)
    view = questionnaires_view(store, accounts.own_runner(store, user))
    return render(
        request,
        "questionnaires.html",
        status_code,
        view=view,
        error=error,
        visa_prompts=VISA_PROMPTS,
        item7=ITEM7_CHOICES,
        branches=ITEM8_BRANCHES,
        ostrc=OSTRC_FORM,
    )


@router.get("/questionnaires")
def questionnaires(request: Request, user: PageUser) -> Response:
    return _page(request, user)


async def _form(request: Request, model: type[BaseModel]) -> BaseModel:
    form = await request.form()
    return model.model_validate({k: v for k, v in form.items() if isinstance(v, str) and v != ""})


@router.post("/questionnaires/visa-a")
async def visa_a(request: Request, user: PageUser) -> Response:
    try:
        body = await _form(request, VisaAIn)
        assert isinstance(body, VisaAIn)
        answer_visa_a(store_of(request), accounts.own_runner(store_of(request), user), body)
    except (ValidationError, InvalidInput) as error:
        return _page(request, user, 422, error=str(error).splitlines()[0])
    return RedirectResponse("/questionnaires", status_code=303)


@router.post("/questionnaires/ostrc")
async def ostrc(request: Request, user: PageUser) -> Response:
    try:
        body = await _form(request, OstrcIn)
        assert isinstance(body, OstrcIn)
        answer_ostrc(store_of(request), accounts.own_runner(store_of(request), user), body)
    except (ValidationError, InvalidInput) as error:
        return _page(request, user, 422, error=str(error).splitlines()[0])
    return RedirectResponse("/questionnaires", status_code=303)
