"""The runner's week plan page: sessions, exercise cards with drawings, tick-off with pain and
effort; and the exercise drawings themselves (library content, public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from achillescare.domain.accounts import User
from achillescare.errors import InvalidInput
from achillescare.library import illustration_svg
from achillescare.services import accounts
from achillescare.web.auth import page_user, store_of, today_for
from achillescare.web.form_errors import NO_ERRORS, FormErrors
from achillescare.web.pages.render import render
from achillescare.web.view_models.plan import (
    START_NAMES,
    DoneIn,
    StartIn,
    done_names,
    plan_view,
    start,
    tick_off,
)

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


def _page(request: Request, user: User, errors: FormErrors = NO_ERRORS) -> Response:
    """The plan page; 422 with the refused form's answers kept and named."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = plan_view(store, runner, today_for(request, runner))
    return render(request, "plan.html", 422 if errors else 200, view=view, form_errors=errors)


@router.get("/plan")
def plan(request: Request, user: PageUser) -> Response:
    return _page(request, user)


@router.post("/plan/start")
def plan_start(
    request: Request,
    user: PageUser,
    *,
    location: Annotated[str, Form(max_length=20)] = "",
    affected: Annotated[str, Form(max_length=5)] = "",
    run_days: Annotated[str, Form(max_length=40)] = "",
    long_day: Annotated[str, Form(max_length=9)] = "",
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    posted = {"location": location, "affected": affected, "run_days": run_days}
    posted |= {"long_day": long_day}
    try:
        body = StartIn.model_validate(
            posted | {"affected": affected or None, "long_day": long_day or None}
        )
        start(store, runner, body, today_for(request, runner))
    except (ValidationError, InvalidInput) as error:
        return _page(
            request, user, FormErrors.refused(error, posted, START_NAMES, fallback_id="start-form")
        )
    return RedirectResponse("/plan", status_code=303)


@router.post("/plan/done")
def plan_done(
    request: Request,
    user: PageUser,
    *,
    date: Annotated[str, Form(max_length=10)],
    exercise_id: Annotated[str, Form(max_length=60)],
    kind: Annotated[str, Form(max_length=12)] = "recovery",
    pain_during: Annotated[str, Form(max_length=2)] = "",
    rpe: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    try:
        body = DoneIn.model_validate(
            {
                "date": date,
                "exercise_id": exercise_id,
                "kind": kind,
                "pain_during": pain_during or None,
                "rpe": rpe or None,
            }
        )
        tick_off(store, runner, body, today_for(request, runner))
    except (ValidationError, InvalidInput) as error:
        posted = {"pain_during": pain_during, "rpe": rpe}
        names = done_names(date, exercise_id)
        target = f"{date}-{exercise_id}"
        errors = FormErrors.refused(error, posted, names, form=target, fallback_id=target)
        return _page(request, user, errors)
    return RedirectResponse(f"/plan#{date}-{exercise_id}", status_code=303)


@router.get("/exercises/{exercise_id}.svg")
def exercise_drawing(exercise_id: str) -> Response:
    svg = illustration_svg(exercise_id)  # NoIllustration is a NotFound: 404
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
