"""Pages of the clinician's loop: a linked specialist records an assessment or overrides the
decision from the runner's page; the runner enters "a clinician assessed me".

Forms post plain fields (htmx swaps the page's ``main`` in place; without JavaScript the browser
follows a redirect). A refused answer comes back on the same page with what was wrong.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from achillescare.domain.accounts import User
from achillescare.errors import Forbidden, InvalidInput
from achillescare.services import accounts
from achillescare.web.auth import page_user, store_of
from achillescare.web.form_errors import NO_ERRORS, FormErrors
from achillescare.web.pages.clinic import runner_page
from achillescare.web.pages.render import is_htmx, render
from achillescare.web.params import RunnerId
from achillescare.web.view_models.clinical import (
    ASSESS_NAMES,
    FINDING_CHOICES,
    OVERRIDE_NAMES,
    OWN_ASSESSMENT_NAMES,
    AssessmentIn,
    OverrideIn,
    clinical_view,
    record_assessment,
    set_override,
)

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]
Text = Annotated[str, Form(max_length=2000)]


def _done(request: Request, page: Response, target: str) -> Response:
    """htmx swaps the fresh page in place; a plain form post is redirected to it."""
    return page if is_htmx(request) else RedirectResponse(target, status_code=303)


def _refused(request: Request) -> int:
    """htmx swaps only 2xx answers, so the form with its message comes back as 200 there."""
    return 200 if is_htmx(request) else 422


def _linked(request: Request, user: User, runner_id: int) -> None:
    accounts.visible_runner(store_of(request), user, runner_id)
    if user.role != "specialist" or user.runner_id == runner_id:
        raise Forbidden("only a specialist the runner shares with can do this")


@router.post("/clinic/runners/{runner_id}/assessments")
def assess(
    request: Request,
    user: PageUser,
    runner_id: RunnerId,
    *,
    side: Annotated[str, Form(max_length=5)] = "",
    finding: Annotated[str, Form(max_length=30)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    note: Text = "",
    return_to_running: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    _linked(request, user, runner_id)
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    posted = {"side": side, "finding": finding, "date": date, "note": note}
    posted |= {"return_to_running": return_to_running}
    try:
        body = AssessmentIn.model_validate(
            posted
            | {"date": date or None, "note": note or None}
            | {"return_to_running": bool(return_to_running)}
        )
        done = record_assessment(store, runner, body, specialist=user.name, user_id=user.id)
    except (ValidationError, InvalidInput) as error:
        errors = FormErrors.refused(
            error, posted, ASSESS_NAMES, form="assess", fallback_id="assess"
        )
        return runner_page(request, user, runner_id, _refused(request), form_errors=errors)
    notice = (
        f"Assessment recorded: today's decision is now '{done.decision_after.replace('_', ' ')}'."
    )
    page = runner_page(request, user, runner_id, notice=notice)
    return _done(request, page, f"/clinic/runners/{runner_id}#clinical-h")


@router.post("/clinic/runners/{runner_id}/overrides")
def override(
    request: Request,
    user: PageUser,
    runner_id: RunnerId,
    *,
    decision: Annotated[str, Form(max_length=20)] = "",
    reason: Text = "",
    first_day: Annotated[str, Form(max_length=10)] = "",
    last_day: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    _linked(request, user, runner_id)
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    posted = {"decision": decision, "reason": reason, "first_day": first_day}
    posted |= {"last_day": last_day}
    try:
        body = OverrideIn.model_validate(
            posted
            | {"reason": reason.strip(), "first_day": first_day or None}
            | {"last_day": last_day or None}
        )
        set_override(store, runner, body, specialist=user.name, user_id=user.id)
    except (ValidationError, InvalidInput) as error:
        errors = FormErrors.refused(
            error, posted, OVERRIDE_NAMES, form="override", fallback_id="override-form"
        )
        return runner_page(request, user, runner_id, _refused(request), form_errors=errors)
    page = runner_page(request, user, runner_id, notice="Decision overridden.")
    return _done(request, page, f"/clinic/runners/{runner_id}#decision")


def _own_page(
    request: Request,
    user: User,
    status_code: int = 200,
    form_errors: FormErrors = NO_ERRORS,
    notice: str | None = None,
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    return render(
        request,
        "assessments.html",
        status_code,
        view=clinical_view(store, runner, can_assess=True),
        findings=FINDING_CHOICES,
        form_errors=form_errors,
        notice=notice,
    )


@router.get("/assessments")
def own_assessments(request: Request, user: PageUser) -> Response:
    return _own_page(request, user)


@router.post("/assessments")
def report_assessment(
    request: Request,
    user: PageUser,
    *,
    side: Annotated[str, Form(max_length=5)] = "",
    finding: Annotated[str, Form(max_length=30)] = "",
    clinician: Annotated[str, Form(max_length=200)] = "",
    date: Annotated[str, Form(max_length=10)] = "",
    note: Text = "",
    return_to_running: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """The runner's own entry: a named clinician examined them (stored as self-reported)."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    posted = {"clinician": clinician, "side": side, "finding": finding, "date": date}
    posted |= {"note": note, "return_to_running": return_to_running}
    try:
        if not clinician.strip():
            raise InvalidInput("give the name of the clinician who examined you", field="clinician")
        body = AssessmentIn.model_validate(
            posted
            | {"clinician": clinician.strip(), "date": date or None, "note": note or None}
            | {"return_to_running": bool(return_to_running)}
        )
        done = record_assessment(store, runner, body, specialist=None, user_id=user.id)
    except (ValidationError, InvalidInput) as error:
        errors = FormErrors.refused(
            error, posted, OWN_ASSESSMENT_NAMES, fallback_id="own-assessment"
        )
        return _own_page(request, user, _refused(request), errors)
    notice = f"Saved. Today's decision is now '{done.decision_after.replace('_', ' ')}'."
    return _done(request, _own_page(request, user, notice=notice), "/today")
