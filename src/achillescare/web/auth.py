"""Who is asking: the session cookie, the signed-in user, and the runner they may see.

The cookie holds a random token (only its hash is stored, see
:mod:`achillescare.services.accounts`); it is HttpOnly, SameSite=Lax, and Secure whenever the
request came over https. API routes answer 401 without a session; pages redirect to sign-in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import quote

from fastapi import Request, Response

from achillescare.domain.accounts import SESSION_LIFETIME, User
from achillescare.domain.runner import Runner
from achillescare.errors import Forbidden, PasswordChangeRequired, SignInRequired, Unauthenticated
from achillescare.services.accounts import user_for_session
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.web.state import state_of

SESSION_COOKIE = "achilles_session"


WHILE_PASSWORD_RESET = frozenset(
    {
        "/account",
        "/account/password",
        "/account/signout-all",
        "/api/v1/me",
        "/api/v1/me/password",
        "/api/v1/auth/signout",
        "/api/v1/auth/signout-all",
    }
)
"""What an account whose password an admin reset may use until it chooses its own."""


def store_of(request: Request) -> Store:
    return state_of(request).store


def now_of(request: Request) -> datetime:
    return state_of(request).clock()


def today_for(request: Request, runner: Runner) -> date:
    """Today where the runner lives: the same date the check-in and decision services use."""
    return runner_today(runner)


def server_today() -> date:
    """Today on this machine (the specialist's dashboard date, like the services' default)."""
    return datetime.now(UTC).astimezone().date()


def client_address(request: Request) -> str:
    """The peer's address (proxies' X-Forwarded-For is not trusted: it is the client's to forge)."""
    return request.client.host if request.client else "unknown"


def optional_user(request: Request) -> User | None:
    """The signed-in user or None (looked up once per request)."""
    try:
        cached: User | None = request.state.user
    except AttributeError:
        token = request.cookies.get(SESSION_COOKIE)
        cached = user_for_session(store_of(request), token, now_of(request))
        request.state.user = cached
    return cached


def api_user(request: Request) -> User:
    """Dependency of every API route but sign-in/sign-up: 401 without a valid session."""
    user = optional_user(request)
    if user is None:
        raise Unauthenticated("sign in first")
    if user.must_change_password and request.url.path not in WHILE_PASSWORD_RESET:
        raise Forbidden("your password was reset: choose your own first (POST /api/v1/me/password)")
    return user


def page_user(request: Request) -> User:
    """Dependency of signed-in pages: redirect to the sign-in page, then back."""
    user = optional_user(request)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    if user.must_change_password and request.url.path not in WHILE_PASSWORD_RESET:
        raise PasswordChangeRequired
    return user


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def sign_in_url(next_path: str) -> str:
    safe = next_path if next_path.startswith("/") and not next_path.startswith("//") else "/"
    return f"/signin?next={quote(safe)}"
