"""The timeline page, for the runner (``/timeline``) and for a specialist they share with
(``/clinic/runners/{id}/timeline``): range presets, a custom range, one chart per panel, the
sentences for what is left out and the weekly table behind the charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from achillescare.domain.accounts import User
from achillescare.domain.runner import Runner
from achillescare.domain.timeline import PRESETS, Preset
from achillescare.errors import InvalidInput
from achillescare.services import accounts
from achillescare.services.timeline import runner_timeline
from achillescare.storage.db import Store
from achillescare.web.auth import page_user, store_of, today_for
from achillescare.web.pages.render import one_line, render
from achillescare.web.params import RunnerId
from achillescare.web.timeline_charts import timeline_charts, week_rows
from achillescare.web.view_models.insights import insights_panel

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


@dataclass(frozen=True, slots=True)
class RangeParams:
    """The range asked for in the query string: a preset (``range``) or ``from``/``to`` dates."""

    preset: Annotated[str | None, Query(alias="range")] = None
    start: Annotated[str | None, Query(alias="from")] = None
    end: Annotated[str | None, Query(alias="to")] = None


RangeQuery = Annotated[RangeParams, Depends()]


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{name}: {text!r} is not a date (YYYY-MM-DD)") from None


def _page(
    request: Request,
    store: Store,
    runner: Runner,
    asked: RangeParams,
    base: str,
) -> Response:
    preset, start, end = asked.preset, asked.start, asked.end
    chosen: Preset | None = preset if preset in get_args(Preset) else None  # type: ignore[assignment]
    error = None
    try:
        timeline = runner_timeline(
            store, runner, _day(start, "from"), _day(end, "to"), preset=chosen
        )
    except InvalidInput as refused:
        error = one_line(refused)
        timeline = runner_timeline(store, runner)
    return render(
        request,
        "timeline.html",
        200 if error is None else 422,
        runner=runner,
        timeline=timeline,
        charts=timeline_charts(timeline, runner.units),
        weeks=week_rows(timeline, runner.units),
        insights=insights_panel(store, runner, today_for(request, runner)),
        presets=PRESETS,
        preset=chosen,
        base=base,
        error=error,
    )


@router.get("/timeline")
def own_timeline(
    request: Request,
    user: PageUser,
    asked: RangeQuery,
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    return _page(request, store, runner, asked, base="/timeline")


@router.get("/charts")
def charts(request: Request, user: PageUser) -> Response:
    """The former charts page: the timeline shows the same series for any range."""
    del user
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/timeline{query}", status_code=307)


@router.get("/clinic/runners/{runner_id}/timeline")
def shared_timeline(
    request: Request,
    user: PageUser,
    runner_id: RunnerId,
    asked: RangeQuery,
) -> Response:
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    return _page(request, store, runner, asked, base=f"/clinic/runners/{runner_id}/timeline")
