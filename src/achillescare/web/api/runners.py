"""``/api/v1/runners/{runner_id}/…``: what a runner (or a specialist they share with) sees and does.

Reads are allowed to the runner and to specialists with an active share; changes (uploads,
settings) only to the runner. Anyone else gets 403, and no session gets 401.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile

from achillescare.domain.accounts import User
from achillescare.domain.assessment.symptoms import Side
from achillescare.domain.runner import Runner
from achillescare.errors import Forbidden
from achillescare.services.accounts import visible_runner
from achillescare.services.insights import cached_insights
from achillescare.services.jobs import job_of
from achillescare.web.auth import api_user, store_of, today_for
from achillescare.web.charts import runner_charts
from achillescare.web.downloads import pdf_response
from achillescare.web.params import ImportJobId, RunnerId
from achillescare.web.report import report_pdf
from achillescare.web.uploads import job_out, submit_uploads
from achillescare.web.view_models.activity import ActivityListQuery, ActivityListView
from achillescare.web.view_models.checkin import (
    CheckInIn,
    CheckInVersionsOut,
    check_in,
    checkin_versions,
)
from achillescare.web.view_models.insights import InsightsOut
from achillescare.web.view_models.models import (
    ERRORS,
    ChartsView,
    DecisionOut,
    ImportJobOut,
    SettingsIn,
    SettingsView,
    TodayView,
)
from achillescare.web.view_models.runner import (
    change_settings,
    settings_view,
    today_view,
)

router = APIRouter(prefix="/api/v1/runners", tags=["runners"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


def readable(request: Request, user: User, runner_id: int) -> Runner:
    return visible_runner(store_of(request), user, runner_id)


def writable(request: Request, user: User, runner_id: int) -> Runner:
    """Only the runner themselves changes their data."""
    runner = visible_runner(store_of(request), user, runner_id)
    if user.runner_id != runner_id:
        raise Forbidden("only the runner can change this")
    return runner


@router.get("/{runner_id}/today")
def get_today(runner_id: RunnerId, user: CurrentUser, request: Request) -> TodayView:
    """Today's signals, the last weeks and the last two weeks' activities."""
    runner = readable(request, user, runner_id)
    return today_view(
        store_of(request),
        runner,
        today_for(request, runner),
        can_edit=user.runner_id == runner_id,
    )


@router.get("/{runner_id}/charts")
def get_charts(runner_id: RunnerId, user: CurrentUser, request: Request) -> ChartsView:
    """Vega-Lite specs (weekly distance and pain, ACWR, VISA-A, mornings), data inline."""
    runner = readable(request, user, runner_id)
    return ChartsView(charts=runner_charts(store_of(request), runner, today_for(request, runner)))


@router.get("/{runner_id}/insights")
def get_insights(runner_id: RunnerId, user: CurrentUser, request: Request) -> InsightsOut:
    """Which run features are followed by worse mornings: the ``achilles insights --json``
    object (every comparison, ranked, with its interval and verdict)."""
    runner = readable(request, user, runner_id)
    result = cached_insights(store_of(request), runner, today_for(request, runner))
    return InsightsOut.of(result.to_json())


@router.get(
    "/{runner_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A one-page PDF."}},
)
def get_report(runner_id: RunnerId, user: CurrentUser, request: Request) -> Response:
    """The one-page PDF report for the clinic record."""
    runner = readable(request, user, runner_id)
    pdf = report_pdf(store_of(request), runner, today_for(request, runner), user.name)
    return pdf_response(pdf, runner.name, today_for(request, runner))


@router.get("/{runner_id}/activities")
def get_activities(
    runner_id: RunnerId, user: CurrentUser, request: Request, query: ActivityListQuery
) -> ActivityListView:
    """A page of the runner's activities (newest first unless sorted otherwise), of one sport
    or all, with the links to the other pages (those of the activities page)."""
    runner = readable(request, user, runner_id)
    return query.view(store_of(request), runner, f"/api/v1/runners/{runner_id}/activities")


@router.post("/{runner_id}/imports", status_code=202)
def post_import(
    runner_id: RunnerId,
    user: CurrentUser,
    request: Request,
    response: Response,
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV or export zips.")],
) -> ImportJobOut:
    """Take uploaded files (several, or an export zip) to import in the background; returns
    at once (202) with the job, whose ``Location`` says what became of each file once done."""
    runner = writable(request, user, runner_id)
    job = submit_uploads(request, runner, files)
    response.headers["Location"] = f"/api/v1/runners/{runner_id}/imports/{job.id}"
    return job_out(request, runner, job)


@router.get("/{runner_id}/imports/{job_id}")
def get_import(
    runner_id: RunnerId, job_id: ImportJobId, user: CurrentUser, request: Request
) -> ImportJobOut:
    """A background import: its progress, then (status done) what became of each file. Only
    the runner sees it; another runner's import is not found."""
    runner = writable(request, user, runner_id)
    return job_out(request, runner, job_of(store_of(request), runner, job_id))


@router.post("/{runner_id}/checkins")
def post_checkin(
    runner_id: RunnerId, body: CheckInIn, user: CurrentUser, request: Request
) -> DecisionOut:
    """Record one side's check-in (again the same day = an edit, history kept) and return the
    decision it leads to."""
    runner = writable(request, user, runner_id)
    return check_in(store_of(request), runner, body, today_for(request, runner))


@router.get("/{runner_id}/checkins/{day}/{side}")
def get_checkin_versions(
    runner_id: RunnerId, day: date, side: Side, user: CurrentUser, request: Request
) -> CheckInVersionsOut:
    """Every stored version of one side's check-in on one day (none: an empty list)."""
    return checkin_versions(store_of(request), readable(request, user, runner_id), day, side)


@router.get("/{runner_id}/settings")
def get_settings(runner_id: RunnerId, user: CurrentUser, request: Request) -> SettingsView:
    """Units and fast threshold."""
    return settings_view(writable(request, user, runner_id))


@router.put("/{runner_id}/settings")
def put_settings(
    runner_id: RunnerId, body: SettingsIn, user: CurrentUser, request: Request
) -> SettingsView:
    """Change units and the fast threshold (empty = derive it from the runner's history)."""
    runner = writable(request, user, runner_id)
    return change_settings(store_of(request), runner, body)
