"""``/api/v1/runners/{runner_id}/…``: what a runner (or a specialist they share with) sees and does.

Reads are allowed to the runner and to specialists with an active share; changes (uploads,
settings) only to the runner. Anyone else gets 403, and no session gets 401.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from fastapi import Path as PathParam

from achillescare.domain.accounts import User
from achillescare.domain.assessment.symptoms import Side
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput
from achillescare.services.accounts import Forbidden, visible_runner
from achillescare.web.auth import api_user, store_of, today_for
from achillescare.web.charts import runner_charts
from achillescare.web.report import report_pdf
from achillescare.web.view_models.activity import ActivityListQuery, ActivityListView
from achillescare.web.view_models.checkin import (
    CheckInIn,
    CheckInVersionsOut,
    check_in,
    checkin_versions,
)
from achillescare.web.view_models.models import (
    ERRORS,
    ChartsView,
    DecisionOut,
    FileOutcome,
    ImportResult,
    SettingsIn,
    SettingsView,
    TodayView,
)
from achillescare.web.view_models.runner import (
    change_settings,
    import_files,
    settings_view,
    today_view,
)

router = APIRouter(prefix="/api/v1/runners", tags=["runners"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]
RunnerId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="A runner profile's id.")]

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""Largest upload accepted in one request (a Garmin export zip of years of runs fits)."""


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


def pdf_response(pdf: bytes, name: str, day: date) -> Response:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "runner"
    filename = f"achillescare-{slug}-{day.isoformat()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{runner_id}/activities")
def get_activities(
    runner_id: RunnerId, user: CurrentUser, request: Request, query: ActivityListQuery
) -> ActivityListView:
    """A page of the runner's activities (newest first unless sorted otherwise), of one sport
    or all, with the links to the other pages (those of the activities page)."""
    runner = readable(request, user, runner_id)
    return query.view(store_of(request), runner, f"/api/v1/runners/{runner_id}/activities")


@router.post("/{runner_id}/imports")
def post_import(
    runner_id: RunnerId,
    user: CurrentUser,
    request: Request,
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV or export zips.")],
) -> ImportResult:
    """Import uploaded files (several, or an export zip) and say what became of each."""
    runner = writable(request, user, runner_id)
    return import_uploads(request, runner, files)


UPLOAD_NAME_BYTES = 150
"""Longest saved name of an uploaded file, in UTF-8 bytes (file systems allow 255)."""
SHOWN_NAME_CHARS = 120
"""Longest name shown back in the result (the rest becomes "…")."""
_NOT_IN_NAMES = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(sent: str) -> str | None:
    """A safe name to save an uploaded file under, or None when the sent name has none.

    Only the last part of a path counts (``/`` or ``\\``), control characters and leading dots go
    (``.hidden.fit`` would be taken for a hidden file and ignored), and a long name is cut to
    :data:`UPLOAD_NAME_BYTES`, keeping its extension: so the name can never point outside the
    upload folder, be a folder (``..``), or be too long for the file system."""
    base = _NOT_IN_NAMES.sub("", re.split(r"[/\\]", sent)[-1]).strip().lstrip(".").strip()
    if not base:
        return None
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension.encode()) > 16:
        stem, extension = base, ""
    suffix = f".{extension}" if extension else ""
    while stem and len((stem + suffix).encode()) > UPLOAD_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


def shown_name(sent: str) -> str:
    name = _NOT_IN_NAMES.sub("", sent) or "(no name)"
    return name if len(name) <= SHOWN_NAME_CHARS else name[: SHOWN_NAME_CHARS - 1] + "…"


def import_uploads(request: Request, runner: Runner, files: list[UploadFile]) -> ImportResult:
    """Save the uploads in a private temporary folder, import it, and delete it. Each file keeps
    its own numbered sub-folder; the result names files as they were sent, and a file whose name
    is no file name is left out with that reason."""
    named = [f for f in files if f.filename]
    if not named:
        raise InvalidInput("choose at least one file to upload")
    sent: dict[str, tuple[str, str]] = {}
    dropped: list[FileOutcome] = []
    with tempfile.TemporaryDirectory(prefix="achilles-upload-") as tmp:
        folder = Path(tmp)
        total = 0
        for index, upload in enumerate(named):
            original = upload.filename or ""
            name = upload_name(original)
            if name is None:
                detail = "left out: its name is no file name (give it a name such as run.fit)"
                dropped.append(
                    FileOutcome(source=shown_name(original), status="skipped", detail=detail)
                )
                continue
            sent[f"{index:03d}"] = (shown_name(original), name)
            target = folder / f"{index:03d}" / name
            target.parent.mkdir()
            with target.open("wb") as out:
                while chunk := upload.file.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UPLOAD_BYTES:
                        raise InvalidInput("the upload is over 200 MB: send fewer files at once")
                    out.write(chunk)
        result = import_files(store_of(request), runner, folder)
    for outcome in result.outcomes:
        outcome.source = _as_sent(outcome.source, sent)
    for activity in result.imported:
        activity.source = _as_sent(activity.source, sent)
    result.outcomes.extend(dropped)
    result.files += len(dropped)
    return result


def _as_sent(source: str, sent: dict[str, tuple[str, str]]) -> str:
    """``003/run.fit`` → the name sent for file 3, with whatever the importer added after the
    saved name kept: a file inside an archive (``export.zip/a/run.fit``) or a CSV row
    (``runs.csv row 2``)."""
    index, _, rest = source.partition("/")
    if index not in sent:
        return rest or source
    shown, saved = sent[index]
    return shown + rest[len(saved) :] if rest.startswith(saved) else shown


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
