"""The questionnaires page (VISA-A, OSTRC-O2) and the self-tests page, with the runner's
scores and results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from achillescare.domain.accounts import User
from achillescare.domain.questionnaire_text import (
    VISA_A_ITEM7_CHOICES,
    VISA_A_ITEM8_BRANCHES,
    VISA_A_PROMPTS,
)
from achillescare.services import accounts
from achillescare.services.errors import InvalidInput
from achillescare.web.auth import page_user, store_of, today_for
from achillescare.web.pages.render import render
from achillescare.web.views.questionnaires import (
    OSTRC_FORM,
    OstrcIn,
    VisaAIn,
    answer_ostrc,
    answer_visa_a,
    questionnaires_view,
)
from achillescare.web.views.selftests import SelfTestIn, record, selftests_view

router = APIRouter()
FAULTS = (
    ("knee_in", "knee falls inwards"),
    ("pelvis_drop", "pelvis drops"),
    ("trunk_lean", "trunk leans"),
    ("loss_of_balance", "loses balance"),
)
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
        visa_prompts=VISA_A_PROMPTS,
        item7=VISA_A_ITEM7_CHOICES,
        branches=VISA_A_ITEM8_BRANCHES,
        ostrc=OSTRC_FORM,
    )


@router.get("/questionnaires")
def questionnaires(request: Request, user: PageUser) -> Response:
    return _page(request, user)


def _one_line(error: ValidationError | InvalidInput) -> str:
    """One clear line naming the item: "item 3: Field required", not pydantic's header."""
    if isinstance(error, InvalidInput):
        return str(error)
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    name = f"item {field[1:]}" if field[:1] == "q" and field[1:].isdigit() else field
    return f"{name}: {first['msg']}"


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
        return _page(request, user, 422, error=_one_line(error))
    return RedirectResponse("/questionnaires", status_code=303)


@router.post("/questionnaires/ostrc")
async def ostrc(request: Request, user: PageUser) -> Response:
    try:
        body = await _form(request, OstrcIn)
        assert isinstance(body, OstrcIn)
        answer_ostrc(store_of(request), accounts.own_runner(store_of(request), user), body)
    except (ValidationError, InvalidInput) as error:
        return _page(request, user, 422, error=_one_line(error))
    return RedirectResponse("/questionnaires", status_code=303)


def _selftests_page(
    request: Request, user: User, status_code: int = 200, error: str | None = None
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = selftests_view(store, runner, today_for(request, runner))
    return render(request, "selftests.html", status_code, view=view, error=error, faults=FAULTS)


@router.get("/selftests")
def selftests(request: Request, user: PageUser) -> Response:
    return _selftests_page(request, user)


@router.post("/selftests")
async def selftest(request: Request, user: PageUser) -> Response:
    form = await request.form()
    data: dict[str, object] = {
        k: v
        for k, v in form.items()
        if isinstance(v, str) and v != "" and not k.endswith("_faults")
    }
    for leg in ("left", "right"):
        data[f"{leg}_faults"] = [v for v in form.getlist(f"{leg}_faults") if isinstance(v, str)]
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    try:
        record(store, runner, SelfTestIn.model_validate(data), today_for(request, runner))
    except (ValidationError, InvalidInput) as error:
        return _selftests_page(request, user, 422, error=str(error).splitlines()[0])
    return RedirectResponse("/selftests", status_code=303)
