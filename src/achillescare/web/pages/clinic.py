"""The specialist's pages: the dashboard and one runner's full view (read-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from achillescare.domain.accounts import User
from achillescare.domain.program.protocols import PROTOCOLS
from achillescare.errors import Conflict, Forbidden, InvalidInput, NotFound
from achillescare.services import accounts
from achillescare.web.auth import now_of, page_user, server_today, store_of, today_for
from achillescare.web.charts import runner_charts
from achillescare.web.downloads import pdf_response
from achillescare.web.form_errors import NO_ERRORS, FormErrors
from achillescare.web.pages.render import render
from achillescare.web.params import RunnerId
from achillescare.web.report import report_pdf
from achillescare.web.state import state_of
from achillescare.web.view_models.clinic import cached_clinic_view
from achillescare.web.view_models.clinic_insights import clinic_insights_view
from achillescare.web.view_models.clinical import DECISION_CHOICES, FINDING_CHOICES
from achillescare.web.view_models.insights import insights_panel
from achillescare.web.view_models.plan import (
    PROGRAM_NAMES,
    ProgramChangeIn,
    change,
    program_view,
)
from achillescare.web.view_models.runner import activities_view, today_view
from achillescare.web.view_models.shoes import shoes_view
from achillescare.web.view_models.specialist import specialist_runner_view

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


@router.get("/clinic")
def clinic(request: Request, user: PageUser) -> Response:
    if user.role == "runner":
        raise Forbidden("the clinic dashboard is for specialists")
    state = state_of(request)
    view = cached_clinic_view(state.store, user, server_today(), state.summaries, state.dashboards)
    found = state.rendered_dashboards.get(user.id)
    if found is not None and found[0] is view:  # the same cached view: the same page
        return HTMLResponse(found[1])
    response = render(request, "clinic.html", view=view)
    state.rendered_dashboards.put(user.id, (view, bytes(response.body)))
    return response


@router.get("/clinic/insights")
def clinic_insights(request: Request, user: PageUser) -> Response:
    """The clinic-wide insights summary: its own page, which the dashboard loads into itself
    (computing it for runners whose data changed takes a moment; the runner list never waits)."""
    if user.role == "runner":
        raise Forbidden("the clinic summary is for specialists")
    summary = clinic_insights_view(store_of(request), user)
    return render(request, "clinic_insights.html", summary=summary)


@router.post("/clinic/invitations")
def accept(request: Request, user: PageUser, code: Annotated[str, Form(max_length=40)]) -> Response:
    """A specialist enters a runner's invitation code."""
    try:
        accounts.accept_invitation(store_of(request), user, code, now_of(request))
    except (NotFound, Conflict) as error:
        state = state_of(request)
        view = cached_clinic_view(
            state.store, user, server_today(), state.summaries, state.dashboards
        )
        status_code = 404 if isinstance(error, NotFound) else 409
        return render(request, "clinic.html", status_code, view=view, error=str(error))
    return RedirectResponse("/clinic", status_code=303)


@router.get("/clinic/runners/{runner_id}/report.pdf")
def runner_report(request: Request, user: PageUser, runner_id: RunnerId) -> Response:
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    today = today_for(request, runner)
    return pdf_response(report_pdf(store, runner, today, user.name), runner.name, today)


@router.get("/clinic/runners/{runner_id}")
def runner_view(
    request: Request, user: PageUser, runner_id: RunnerId, error: str | None = None
) -> Response:
    return runner_page(request, user, runner_id, error=error)


def runner_page(
    request: Request,
    user: User,
    runner_id: int,
    status_code: int = 200,
    form_errors: FormErrors = NO_ERRORS,
    **messages: str | None,
) -> Response:
    """The runner as their specialist sees them; ``form_errors``: a refused program, assessment
    or override form, shown again with its answers; ``messages``: ``error`` and ``notice``."""
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    today = today_for(request, runner)
    view = today_view(store, runner, today, can_edit=False)
    can_act = user.role == "specialist" and user.runner_id != runner_id
    context = {"error": None, "notice": None}
    return render(
        request,
        "runner_view.html",
        status_code,
        view=view,
        spec=specialist_runner_view(store, runner, today, view.decision, can_act=can_act),
        findings=FINDING_CHOICES,
        decisions=DECISION_CHOICES,
        history=activities_view(store, runner, limit=50),
        charts=runner_charts(store, runner, today),
        insights=insights_panel(store, runner, today),
        shoes=shoes_view(store, runner),
        program=program_view(store, runner),
        protocols=PROTOCOLS,
        form_errors=form_errors,
        **(context | messages),
    )


@router.post("/clinic/runners/{runner_id}/program")
def edit_program(
    request: Request,
    user: PageUser,
    runner_id: RunnerId,
    *,
    reason: Annotated[str, Form(max_length=300)] = "",
    phase: Annotated[str, Form(max_length=1)] = "",
    protocol: Annotated[str, Form(max_length=12)] = "",
    extra_load_kg: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    """Change the program; a refused change (an empty reason included) comes back on the same
    page with its answers kept and the summary of what to change first."""
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    posted = {"reason": reason, "phase": phase, "protocol": protocol}
    posted |= {"extra_load_kg": extra_load_kg}
    try:
        body = ProgramChangeIn.model_validate(
            {k: v or None for k, v in posted.items()} | {"reason": reason}
        )
        change(store, runner, body, user.name)
    except (ValidationError, InvalidInput) as error:
        errors = FormErrors.refused(
            error, posted, PROGRAM_NAMES, form="program", fallback_id="program-form"
        )
        return runner_page(request, user, runner_id, 422, form_errors=errors)
    return RedirectResponse(f"/clinic/runners/{runner_id}#program-h", status_code=303)
