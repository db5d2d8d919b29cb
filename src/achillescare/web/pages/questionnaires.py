"""The questionnaires page (VISA-A, OSTRC-O2) and the self-tests page, with the runner's
scores and results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from achillescare.domain.accounts import User
from achillescare.domain.assessment.questionnaire_text import (
    VISA_A_ITEM7_CHOICES,
    VISA_A_ITEM8_BRANCHES,
    VISA_A_PROMPTS,
)
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.web.auth import page_user, store_of, today_for
from achillescare.web.form_errors import NO_ERRORS, FormErrors, Refusal
from achillescare.web.pages.forms import PostedForm
from achillescare.web.pages.render import render
from achillescare.web.view_models.questionnaires import (
    OSTRC_FORM,
    OSTRC_NAMES,
    VISA_A_NAMES,
    OstrcIn,
    VisaAIn,
    answer_ostrc,
    answer_visa_a,
    questionnaires_view,
)
from achillescare.web.view_models.selftests import (
    SelfTestIn,
    record,
    selftest_names,
    selftests_view,
)

router = APIRouter()
FAULTS = (
    ("knee_in", "knee falls inwards"),
    ("pelvis_drop", "pelvis drops"),
    ("trunk_lean", "trunk leans"),
    ("loss_of_balance", "loses balance"),
)
PageUser = Annotated[User, Depends(page_user)]


def _page(request: Request, user: User, errors: FormErrors = NO_ERRORS) -> Response:
    """The questionnaires page; 422 with the refused form's answers kept and named."""
    store = store_of(request)
    view = questionnaires_view(store, accounts.own_runner(store, user))
    return render(
        request,
        "questionnaires.html",
        422 if errors else 200,
        view=view,
        form_errors=errors,
        visa_prompts=VISA_A_PROMPTS,
        item7=VISA_A_ITEM7_CHOICES,
        branches=VISA_A_ITEM8_BRANCHES,
        ostrc=OSTRC_FORM,
    )


@router.get("/questionnaires")
def questionnaires(request: Request, user: PageUser) -> Response:
    return _page(request, user)


@router.post("/questionnaires/visa-a")
def visa_a(request: Request, user: PageUser, form: PostedForm) -> Response:
    fields = _fields(form)
    return _answer(
        request,
        user,
        lambda store, runner: answer_visa_a(store, runner, VisaAIn.model_validate(fields)),
        FormErrors.refused_by(form, VISA_A_NAMES, form="visa-a", fallback_id="visa-a-form"),
    )


@router.post("/questionnaires/ostrc")
def ostrc(request: Request, user: PageUser, form: PostedForm) -> Response:
    fields = _fields(form)
    return _answer(
        request,
        user,
        lambda store, runner: answer_ostrc(store, runner, OstrcIn.model_validate(fields)),
        FormErrors.refused_by(form, OSTRC_NAMES, form="ostrc", fallback_id="ostrc-form"),
    )


def _fields(form: FormData) -> dict[str, str]:
    """The answered fields of a posted form (an empty answer is no answer)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and v != ""}


def _answer(
    request: Request, user: User, save: Callable[[Store, Runner], object], refused: Refusal
) -> Response:
    """Validate and store one questionnaire; a refused answer shows the page again with the
    answers kept and the refused ones named."""
    store = store_of(request)
    try:
        save(store, accounts.own_runner(store, user))
    except (ValidationError, InvalidInput) as error:
        return _page(request, user, refused(error))
    return RedirectResponse("/questionnaires", status_code=303)


def _selftests_page(request: Request, user: User, errors: FormErrors = NO_ERRORS) -> Response:
    """The self-tests page; 422 with the refused test's answers kept and named."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = selftests_view(store, runner, today_for(request, runner))
    return render(
        request,
        "selftests.html",
        422 if errors else 200,
        view=view,
        faults=FAULTS,
        form_errors=errors,
    )


@router.get("/selftests")
def selftests(request: Request, user: PageUser) -> Response:
    return _selftests_page(request, user)


@router.post("/selftests")
def selftest(request: Request, user: PageUser, form: PostedForm) -> Response:
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
        test = str(data.get("test", ""))
        names = selftest_names(test)
        errors = FormErrors.refused(error, form, names, form=test, fallback_id=f"t-{test}")
        return _selftests_page(request, user, errors)
    return RedirectResponse("/selftests", status_code=303)
