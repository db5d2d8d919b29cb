"""The FastAPI application: pages, the JSON API and static files.

``create_app(store)`` is all a server, a test or a benchmark needs; ``achilles serve`` runs it
with uvicorn. Typed errors become HTTP statuses in one place, :mod:`achillescare.web.errors`
(JSON under ``/api/``, an HTML page elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from achillescare import __version__
from achillescare.demo.clinic import DEMO_PASSWORD, demo_logins
from achillescare.services.jobs import JobQueue, queue_for
from achillescare.storage.db import Store
from achillescare.web.api import activities as api_activities
from achillescare.web.api import auth as api_auth
from achillescare.web.api import clinic as api_clinic
from achillescare.web.api import clinical as api_clinical
from achillescare.web.api import plan as api_plan
from achillescare.web.api import questionnaires as api_questionnaires
from achillescare.web.api import runners as api_runners
from achillescare.web.api import sharing as api_sharing
from achillescare.web.api import shoes as api_shoes
from achillescare.web.api import timeline as api_timeline
from achillescare.web.csrf import CrossOriginProtection, SecurityHeaders
from achillescare.web.errors import install_error_handlers
from achillescare.web.pages import accounts as page_accounts
from achillescare.web.pages import activities as page_activities
from achillescare.web.pages import clinic as page_clinic
from achillescare.web.pages import clinical as page_clinical
from achillescare.web.pages import links as page_links
from achillescare.web.pages import plan as page_plan
from achillescare.web.pages import pwa as page_pwa
from achillescare.web.pages import questionnaires as page_questionnaires
from achillescare.web.pages import runner as page_runner
from achillescare.web.pages import shoes as page_shoes
from achillescare.web.pages import strava as page_strava
from achillescare.web.pages import timeline as page_timeline
from achillescare.web.state import AppState

HERE = Path(__file__).parent
HTMX_JS = "vendor/htmx-2.0.11.min.js"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    store: Store,
    *,
    demo: bool = False,
    clock: Callable[[], datetime] = _utc_now,
    jobs: JobQueue | None = None,
) -> FastAPI:
    """The app over ``store``. ``demo`` shows the demo logins on the sign-in page; ``clock``
    (timezone-aware) lets tests and the demo pin "now"; ``jobs`` runs the uploads (by default
    the store's own queue, :func:`~achillescare.services.jobs.queue_for`)."""
    app = FastAPI(
        title="AchillesCare",
        version=__version__,
        description="Decision support for runners with Achilles tendon pain: the JSON API of "
        "the web app. Every route but sign-in and sign-up needs a session cookie.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["htmx_js"] = HTMX_JS
    templates.env.globals["demo"] = demo
    if demo:
        templates.env.globals["demo_logins"] = demo_logins()
        templates.env.globals["demo_password"] = DEMO_PASSWORD
    app.state.achilles = AppState(
        store, clock, templates, demo, jobs=jobs if jobs is not None else queue_for(store)
    )
    app.add_middleware(CrossOriginProtection)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    apis = (api_auth, api_runners, api_activities, api_plan, api_questionnaires, api_sharing)
    for module in (*apis, api_clinic, api_clinical, api_timeline, api_shoes):
        app.include_router(module.router)
    pages = (
        page_accounts,
        page_runner,
        page_activities,
        page_plan,
        page_questionnaires,
        page_timeline,
        page_pwa,
    )
    for page in (*pages, page_clinic, page_clinical, page_shoes, page_strava, page_links):
        app.include_router(page.router, include_in_schema=False)

    install_error_handlers(app, templates)
    return app
