"""The one place the web app turns an :mod:`achillescare.errors` error into a response.

:data:`STATUS` gives each class of the tree its HTTP status; :func:`status_of` walks the error's
method resolution order, so the most specific class listed wins whatever the table's order
(``NoIllustration`` is a ``LibraryError`` and a ``NotFound``: 404, not 500). Under ``/api/`` the
answer is JSON (``{"detail": message}``); pages get the error page, or a redirect when the fix is
elsewhere: to sign-in (and back) without a session, to the account page while a password an
admin reset must be changed.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from achillescare.errors import (
    AchillesError,
    Conflict,
    Forbidden,
    InvalidInput,
    LibraryError,
    LinkRevoked,
    NotFound,
    PasswordChangeRequired,
    RateLimited,
    ReportUnavailable,
    ServiceUnavailable,
    SignInRequired,
    StoreUnavailable,
    Throttled,
    Unauthenticated,
    UnreadableFile,
)
from achillescare.web.auth import optional_user, sign_in_url

STATUS: dict[type[AchillesError], int] = {
    AchillesError: 400,
    InvalidInput: 400,
    UnreadableFile: 400,
    NotFound: 404,
    Conflict: 409,
    Unauthenticated: 401,
    Forbidden: 403,
    Throttled: 429,
    LinkRevoked: 400,
    LibraryError: 500,
    StoreUnavailable: 503,
    ReportUnavailable: 503,
    ServiceUnavailable: 502,
    RateLimited: 503,
}
"""HTTP status of each error class; a class not listed takes its nearest listed base's."""


def status_of(error: AchillesError) -> int:
    """The status of the most specific class in ``error``'s MRO that :data:`STATUS` lists."""
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return STATUS[AchillesError]  # pragma: no cover  (every error has AchillesError in its MRO)


def _redirect_of(request: Request, error: AchillesError) -> str | None:
    """Where a page sends the browser instead of showing the error, if anywhere."""
    if isinstance(error, PasswordChangeRequired):
        return "/account"
    if isinstance(error, SignInRequired):
        return sign_in_url(error.next_path)
    if isinstance(error, Unauthenticated):
        return sign_in_url(request.url.path)
    return None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Answer every :class:`AchillesError` (Starlette picks this handler for any subclass) and
    FastAPI's own request validation failures, as JSON under ``/api/`` and as pages elsewhere."""

    def error_page(request: Request, code: int, message: str) -> Response:
        context = {"user": optional_user(request), "code": code, "message": message}
        return templates.TemplateResponse(request, "error.html", context, status_code=code)

    @app.exception_handler(AchillesError)
    def domain_error(request: Request, error: AchillesError) -> Response:
        code = status_of(error)
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=code)
        target = _redirect_of(request, error)
        if target is not None:
            return RedirectResponse(target, status_code=303)
        return error_page(request, code, str(error))

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": _jsonable(error.errors())}, status_code=422)
        return error_page(request, 422, "That form was incomplete.")


def _jsonable(errors: object) -> object:
    """Validation errors may hold exceptions (``ctx``); keep them as strings."""
    if isinstance(errors, dict):
        return {k: _jsonable(v) for k, v in errors.items()}
    if isinstance(errors, list | tuple):
        return [_jsonable(v) for v in errors]
    if errors is None or isinstance(errors, str | int | float | bool):
        return errors
    return str(errors)
