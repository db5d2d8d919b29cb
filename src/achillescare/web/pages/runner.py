"""The runner's pages: today, activities, upload, settings and sharing."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from achillescare.domain.accounts import User
from achillescare.domain.runner import Runner
from achillescare.errors import Conflict, InvalidInput
from achillescare.services import accounts
from achillescare.services.jobs import job_of
from achillescare.web.auth import now_of, page_user, store_of, today_for
from achillescare.web.form_errors import NO_ERRORS, FormErrors
from achillescare.web.pages.forms import PostedForm
from achillescare.web.pages.render import is_htmx, render
from achillescare.web.params import ImportJobId, ShareId
from achillescare.web.uploads import job_out, submit_uploads
from achillescare.web.view_models.accounts import invitation_out, share_out
from achillescare.web.view_models.activity import ActivityListQuery
from achillescare.web.view_models.checkin import (
    EARLIEST_FORM_DATE,
    FORM_NAMES,
    FORM_SECTIONS,
    check_in_answers,
    day_words,
    form_answers,
    saved_notice,
)
from achillescare.web.view_models.links import intervals_view
from achillescare.web.view_models.models import SettingsIn
from achillescare.web.view_models.runner import (
    SETTINGS_NAMES,
    change_settings,
    settings_view,
    today_view,
)
from achillescare.web.view_models.strava import strava_view

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


@router.get("/today")
def today(
    request: Request,
    user: PageUser,
    saved: Annotated[str, Query(max_length=10)] = "",
    side: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    """Today's decision; after a check-in (``saved``: its day, ``side``), a line confirming it."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = today_view(store, runner, today_for(request, runner), can_edit=True)
    return render(request, "today.html", view=view, notice=saved_notice(saved, side))


@router.get("/activities")
def activities(request: Request, user: PageUser, query: ActivityListQuery) -> Response:
    """The runner's activities, one page at a time, filtered by sport and sorted."""
    store = store_of(request)
    view = query.view(store, accounts.own_runner(store, user), "/activities")
    return render(request, "activities.html", view=view, error=None)


@router.get("/upload")
def upload_page(request: Request, user: PageUser) -> Response:
    accounts.own_runner(store_of(request), user)
    return render(request, "upload.html", result=None, error=None, job=None)


@router.post("/upload")
def upload(
    request: Request, user: PageUser, files: Annotated[list[UploadFile], File()]
) -> Response:
    """Take the files and return at once: htmx gets the import's progress (202), which polls
    :func:`upload_job` until the import is done; a plain form post is sent to the job's page."""
    runner = accounts.own_runner(store_of(request), user)
    try:
        job = submit_uploads(request, runner, files)
    except InvalidInput as error:
        template = "_import_result.html" if is_htmx(request) else "upload.html"
        return render(request, template, 422, result=None, error=str(error), job=None)
    if not is_htmx(request):
        return RedirectResponse(f"/upload/jobs/{job.id}", status_code=303)
    return render(request, "_import_job.html", 202, job=job_out(request, runner, job))


@router.get("/upload/jobs/{job_id}")
def upload_job(request: Request, user: PageUser, job_id: ImportJobId) -> Response:
    """An upload's import: its progress while it runs, then what became of each file. Only
    the runner who sent it sees it (anyone else: not found)."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    job = job_out(request, runner, job_of(store, runner, job_id))
    template = "_import_job.html" if is_htmx(request) else "upload.html"
    return render(request, template, job=job, result=None, error=None)


def settings_page(
    request: Request, user: User, status_code: int = 200, **messages: object
) -> Response:
    """The settings page with ``messages`` (error, notice, invitation, sync_lines) shown."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = settings_view(runner)
    shares = [share_out(s) for s in accounts.runner_shares(store, user)]
    context = {"error": None, "notice": None, "invitation": None, "sync_lines": (), **messages}
    return render(
        request,
        "settings.html",
        status_code,
        view=view,
        shares=shares,
        strava=strava_view(store, runner),
        intervals=intervals_view(store, runner),
        **context,
    )


@router.get("/settings")
def settings(request: Request, user: PageUser) -> Response:
    return settings_page(request, user)


@router.post("/settings")
def save_settings(
    request: Request,
    user: PageUser,
    units: Annotated[str, Form(max_length=2)] = "",
    fast_pace: Annotated[str, Form(max_length=12)] = "",
    birth_year: Annotated[str, Form(max_length=4)] = "",
) -> Response:
    """Save the settings; a refused answer comes back named, with every answer kept."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    posted = {"units": units, "fast_pace": fast_pace, "birth_year": birth_year}
    try:
        change = SettingsIn.model_validate(posted | {"birth_year": birth_year.strip() or None})
        change_settings(store, runner, change)
    except (ValidationError, InvalidInput) as error:
        errors = FormErrors.refused(error, posted, SETTINGS_NAMES, fallback_id="settings-form")
        return settings_page(request, user, 422, form_errors=errors)
    return settings_page(request, user, notice="Settings saved.")


@router.post("/settings/shares")
def invite(
    request: Request, user: PageUser, email: Annotated[str, Form(max_length=254)]
) -> Response:
    try:
        share, code = accounts.invite_specialist(store_of(request), user, email, now_of(request))
    except (InvalidInput, Conflict) as error:
        return settings_page(request, user, 422, error=str(error))
    return settings_page(request, user, invitation=invitation_out(share, code))


@router.post("/settings/shares/{share_id}/revoke")
def revoke(request: Request, user: PageUser, share_id: ShareId) -> Response:
    accounts.revoke_share(store_of(request), user, share_id, now_of(request))
    return RedirectResponse("/settings", status_code=303)


@router.get("/checkin")
def checkin_page(request: Request, user: PageUser) -> Response:
    runner = accounts.own_runner(store_of(request), user)
    return _checkin_form(request, runner)


@router.post("/checkin")
def checkin(request: Request, user: PageUser, form: PostedForm) -> Response:
    """The form posts plain fields; an empty answer, a yes/no item included, is not answered.
    A refused check-in comes back with every answer kept and the refused one named; a saved
    one lands on today's page, which confirms it."""
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    today = today_for(request, runner)
    answers = {"date": today.isoformat()} | form_answers(fields)
    try:
        check_in_answers(store, runner, answers, today)
    except InvalidInput as error:
        errors = FormErrors.refused(error, form, FORM_NAMES, fallback_id="checkin-form")
        return _checkin_form(request, runner, errors)
    query = urlencode({"saved": answers["date"], "side": answers.get("side", "")})
    return RedirectResponse(f"/today?{query}", status_code=303)


def _checkin_form(request: Request, runner: Runner, errors: FormErrors = NO_ERRORS) -> Response:
    """The check-in form for a morning from the earliest the domain accepts to the runner's
    today (the default, folded away: most check-ins are this morning's); 422 with the answers
    kept when one was refused."""
    today = today_for(request, runner)
    return render(
        request,
        "checkin.html",
        422 if errors else 200,
        sections=FORM_SECTIONS,
        today=today,
        today_words=day_words(today),
        earliest=EARLIEST_FORM_DATE,
        form_errors=errors,
    )
