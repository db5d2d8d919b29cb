"""The FastAPI application: pages, the JSON API, static files and one place mapping errors.

``create_app(store)`` is all a server, a test or a benchmark needs; ``achilles serve`` runs it
with uvicorn. Typed service errors become HTTP statuses here and only here (JSON under
``/api/``, an HTML page elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from achillescare import __version__
from achillescare.demo.clinic import DEMO_PASSWORD, demo_logins
from achillescare.errors import (
    AchillesError,
    Conflict,
    InvalidInput,
    NotFound,
    StoreUnavailable,
)
from achillescare.services.accounts import Forbidden, Throttled, Unauthenticated
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
from achillescare.web.auth import (
    PasswordChangeRequired,
    SignInRequired,
    optional_user,
    sign_in_url,
)
from achillescare.web.csrf import CrossOriginProtection, SecurityHeaders
from achillescare.web.pages import accounts as page_accounts
from achillescare.web.pages import activities as page_activities
from achillescare.web.pages import clinic as page_clinic
from achillescare.web.pages import clinical as page_clinical
from achillescare.web.pages import plan as page_plan
from achillescare.web.pages import pwa as page_pwa
from achillescare.web.pages import questionnaires as page_questionnaires
from achillescare.web.pages import runner as page_runner
from achillescare.web.pages import shoes as page_shoes
from achillescare.web.pages import timeline as page_timeline
from achillescare.web.report import ReportUnavailable
from achillescare.web.view_models.clinic import DashboardCache

HERE = Path(__file__).parent
STATUS: dict[type[AchillesError], int] = {
    InvalidInput: 400,
    NotFound: 404,
    Conflict: 409,
    Unauthenticated: 401,
    Forbidden: 403,
    Throttled: 429,
    StoreUnavailable: 503,
    ReportUnavailable: 503,
}
HTMX_JS = "vendor/htmx-2.0.11.min.js"


def status_of(error: AchillesError) -> int:
    for kind, code in STATUS.items():
        if isinstance(error, kind):
            return code
    return 400


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    store: Store, *, demo: bool = False, clock: Callable[[], datetime] = _utc_now
) -> FastAPI:
    """The app over ``store``. ``demo`` shows the demo logins on the sign-in page; ``clock``
    (timezone-aware) lets tests and the demo pin "now"."""
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
    app.state.store = store
    app.state.demo = demo
    app.state.clock = clock
    app.state.templates = templates
    app.state.summaries = {}  # logged decision → dashboard line (see views.clinic.Summaries)
    app.state.clinic_views = DashboardCache()  # (specialist, day) → fingerprinted dashboard
    app.state.clinic_pages = {}  # specialist → (that dashboard, its rendered page)
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
    for page in (*pages, page_clinic, page_clinical, page_shoes):
        app.include_router(page.router, include_in_schema=False)

    @app.exception_handler(AchillesError)
    def domain_error(request: Request, error: AchillesError) -> Response:
        code = status_of(error)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=code)
        if code == 401:
            return RedirectResponse(sign_in_url(request.url.path), status_code=303)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"user": optional_user(request), "code": code, "message": str(error)},
            status_code=code,
        )

    @app.exception_handler(PasswordChangeRequired)
    def change_password_first(request: Request, error: PasswordChangeRequired) -> Response:
        return RedirectResponse("/account", status_code=303)

    @app.exception_handler(SignInRequired)
    def sign_in_first(request: Request, error: SignInRequired) -> Response:
        return RedirectResponse(sign_in_url(error.next_path), status_code=303)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": _jsonable(error.errors())}, status_code=422)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"user": optional_user(request), "code": 422, "message": "That form was incomplete."},
            status_code=422,
        )

    return app


def _jsonable(errors: object) -> object:
    """Validation errors may hold exceptions (``ctx``); keep them as strings."""
    if isinstance(errors, dict):
        return {k: _jsonable(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_jsonable(v) for v in errors]
    if errors is None or isinstance(errors, str | int | float | bool):
        return errors
    return str(errors)
