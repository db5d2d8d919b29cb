"""Sign-up, sign-in and sign-out pages, and the home page that sends each role to its start."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from achillescare.domain.accounts import Role
from achillescare.services import accounts
from achillescare.services.accounts import Throttled, Unauthenticated
from achillescare.services.errors import Conflict, InvalidInput
from achillescare.web.auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    client_address,
    now_of,
    optional_user,
    set_session_cookie,
    store_of,
)
from achillescare.web.pages.render import render

router = APIRouter()


def _home_for(role: str) -> str:
    return "/today" if role == "runner" else "/clinic"


def _safe_next(next_path: str | None, fallback: str) -> str:
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return fallback


@router.get("/")
def home(request: Request) -> Response:
    user = optional_user(request)
    return RedirectResponse("/signin" if user is None else _home_for(user.role), status_code=303)


@router.get("/signin")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return render(request, "signin.html", next=next or "", error=None, email="")


@router.post("/signin")
def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    store = store_of(request)
    now = now_of(request)
    try:
        user = accounts.sign_in(store, email, password, client_address(request), now)
    except (Unauthenticated, Throttled) as error:
        code = 429 if isinstance(error, Throttled) else 401
        return render(request, "signin.html", code, next=next, error=str(error), email=email)
    response = RedirectResponse(_safe_next(next, _home_for(user.role)), status_code=303)
    set_session_cookie(request, response, accounts.open_session(store, user, now))
    return response


@router.get("/signup")
def sign_up_page(request: Request) -> Response:
    return render(request, "signup.html", error=None, form={})


@router.post("/signup")
def sign_up(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=256)],
    name: Annotated[str, Form(max_length=80)],
    role: Annotated[str, Form(max_length=12)] = "runner",
) -> Response:
    store = store_of(request)
    form = {"email": email, "name": name, "role": role}
    if role not in {"runner", "specialist"}:
        return render(request, "signup.html", 422, error="choose runner or specialist", form=form)
    try:
        chosen: Role = "runner" if role == "runner" else "specialist"
        user = accounts.sign_up(store, email, password, name, chosen)
    except (InvalidInput, Conflict) as error:
        code = 409 if isinstance(error, Conflict) else 422
        return render(request, "signup.html", code, error=str(error), form=form)
    response = RedirectResponse(_home_for(user.role), status_code=303)
    set_session_cookie(request, response, accounts.open_session(store, user, now_of(request)))
    return response


@router.post("/signout")
def sign_out(request: Request) -> Response:
    accounts.close_session(store_of(request), request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response)
    return response
