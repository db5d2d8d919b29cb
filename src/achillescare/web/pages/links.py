"""The settings page's intervals.icu section: paste an API key to link, fetch new runs now, or
unlink. Linking and unlinking give the settings page back with what happened in words; fetching
runs as a background job whose page shows its progress, then each run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from achillescare.domain.accounts import User
from achillescare.errors import InvalidInput, LinkRevoked, NotFound, ServiceUnavailable
from achillescare.services import accounts, jobs
from achillescare.services.sync import intervals
from achillescare.web.auth import page_user, store_of
from achillescare.web.errors import status_of
from achillescare.web.pages.runner import settings_page
from achillescare.web.state import state_of

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]
_EXPECTED = (InvalidInput, LinkRevoked, NotFound, ServiceUnavailable)


@router.post("/settings/intervals")
def link_intervals(
    request: Request,
    user: PageUser,
    api_key: Annotated[str, Form(max_length=200)],
    athlete_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    try:
        linked = intervals.link(store, runner, api_key, athlete_id=athlete_id or "0")
    except _EXPECTED as error:
        return settings_page(request, user, status_of(error), error=str(error))
    return settings_page(
        request, user, notice=f"Linked to intervals.icu athlete {linked.athlete_id}."
    )


@router.post("/settings/intervals/sync")
def sync_intervals(request: Request, user: PageUser) -> Response:
    """Fetch what is new as a background job, and show its page (progress, then each run)."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    if intervals.current_link(store, runner) is None:
        return settings_page(
            request, user, 404, error="Link intervals.icu first, with your API key."
        )
    job = jobs.submit_sync(store, state_of(request).jobs, runner, "intervals")
    return RedirectResponse(f"/upload/jobs/{job.id}", status_code=303)


@router.post("/settings/intervals/unlink")
def unlink_intervals(request: Request, user: PageUser) -> Response:
    store = store_of(request)
    removed = intervals.unlink(store, accounts.own_runner(store, user))
    notice = "Unlinked from intervals.icu." if removed else "intervals.icu was not linked."
    return settings_page(request, user, notice=notice)
