"""Strava in the web app: a runner connects and disconnects (OAuth2), Strava calls the webhook.

Routes (the README lists what the self-hoster registers for them):

* ``GET /settings/strava/connect`` sends the signed-in runner to Strava's consent page, with a
  ``state`` bound to their session so that nobody else's consent can be slipped into it
  (RFC 6749 §10.12).
* ``GET /settings/strava/callback`` is where Strava returns (its host is the "Authorization
  Callback Domain" of the Strava app): the code becomes the runner's tokens, and a first sync
  starts after the page is sent.
* ``POST /settings/strava/disconnect`` revokes the app's access at Strava and forgets the tokens.
* ``GET /strava/webhook`` answers Strava's subscription check (``hub.challenge``) when
  ``hub.verify_token`` is the one the self-hoster chose; ``POST /strava/webhook`` takes events
  (https://developers.strava.com/docs/webhooks/): a new activity is imported, an athlete's
  deauthorisation forgets their link. It answers at once; the work runs after the answer, as
  Strava expects an answer within two seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from achillescare.domain.accounts import User
from achillescare.errors import AchillesError, Forbidden, NotFound
from achillescare.services import accounts, jobs
from achillescare.services.sync import strava as strava_sync
from achillescare.services.sync.strava_api import authorize_url
from achillescare.settings import strava as strava_settings
from achillescare.storage.db import Store
from achillescare.web.auth import SESSION_COOKIE, now_of, page_user, store_of
from achillescare.web.pages.runner import settings_page
from achillescare.web.state import state_of

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]
_log = logging.getLogger(__name__)


def _state(request: Request) -> str:
    """The OAuth ``state`` of this session: a hash of its cookie, so only the browser that
    started the connection can finish it."""
    session = request.cookies.get(SESSION_COOKIE, "")
    return hashlib.sha256(f"strava-oauth:{session}".encode()).hexdigest()[:32]


def _configured() -> None:
    if strava_settings().client_id is None:
        raise NotFound("Strava is not set up on this server")


@router.get("/settings/strava/connect")
def connect(request: Request, user: PageUser) -> Response:
    _configured()
    accounts.own_runner(store_of(request), user)
    callback = str(request.url_for("strava_callback"))
    return RedirectResponse(authorize_url(strava_settings(), callback, _state(request)), 303)


@router.get("/settings/strava/callback", name="strava_callback")
def callback(
    request: Request,
    user: PageUser,
    *,
    code: str = "",
    state: str = "",
    scope: str = "",
    error: str = "",
) -> Response:
    _configured()
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    if error or not code:
        return settings_page(request, user, 422, error="Strava was not connected: it was declined.")
    if not hmac.compare_digest(state, _state(request)):
        return settings_page(
            request, user, 422, error="Strava was not connected: start again from this page."
        )
    try:
        strava_sync.connect(store, runner, code, scope, now=now_of(request))
    except AchillesError as refused:
        return settings_page(request, user, 422, error=f"Strava was not connected: {refused}.")
    jobs.submit_sync(
        store, state_of(request).jobs, runner, "strava"
    )  # the history, in the background
    return settings_page(
        request,
        user,
        notice="Strava is connected: your runs are on their way, and new ones will follow.",
    )


@router.post("/settings/strava/disconnect")
def disconnect(request: Request, user: PageUser) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    strava_sync.disconnect(store, runner, now=now_of(request))
    return settings_page(
        request, user, notice="Strava is disconnected. The runs it brought stay with you."
    )


@router.get("/strava/webhook")
def verify_subscription(request: Request) -> JSONResponse:
    """Strava's check of the callback address when the self-hoster subscribes."""
    query = request.query_params
    expected = strava_settings().verify_token
    given = query.get("hub.verify_token", "")
    if (
        expected is None
        or query.get("hub.mode") != "subscribe"
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        raise Forbidden("that is not this server's Strava subscription")
    return JSONResponse({"hub.challenge": query.get("hub.challenge", "")})


class StravaEvent(BaseModel):
    """A webhook event as Strava posts it."""

    object_type: str = Field(max_length=20)
    object_id: int
    aspect_type: str = Field(max_length=20)
    owner_id: int
    subscription_id: int | None = None
    event_time: int | None = None
    updates: dict[str, Any] = Field(default_factory=dict)


@router.post("/strava/webhook")
def receive_event(
    request: Request, event: StravaEvent, background: BackgroundTasks
) -> JSONResponse:
    background.add_task(_handle, store_of(request), event, now_of(request))
    return JSONResponse({"received": True})


def _handle(store: Store, event: StravaEvent, now: datetime) -> None:
    try:
        done = strava_sync.handle_event(
            store,
            object_type=event.object_type,
            aspect_type=event.aspect_type,
            object_id=event.object_id,
            owner_id=event.owner_id,
            updates=event.updates,
            now=now,
        )
    except AchillesError as failure:
        _log.warning("Strava event %s %s failed: %s", event.object_type, event.object_id, failure)
        return
    _log.info("Strava event: %s", done)
