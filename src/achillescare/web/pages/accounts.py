"""Sign-up, sign-in and sign-out pages, the account page (password, sessions, export, delete),
and the home page that sends each role to its start."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from achillescare.domain.accounts import Role, User
from achillescare.errors import AchillesError, InvalidInput, Throttled, Unauthenticated
from achillescare.services import accounts
from achillescare.web.auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    client_address,
    now_of,
    optional_user,
    page_user,
    set_session_cookie,
    store_of,
)
from achillescare.web.downloads import account_export_response
from achillescare.web.pages.render import render

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


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
        accounts.register(store, email, password, name, chosen)
    except InvalidInput as error:
        return render(request, "signup.html", 422, error=str(error), form=form)
    return render(
        request,
        "signin.html",
        next="",
        error=None,
        email=email.strip(),
        notice=accounts.SIGN_UP_ANSWER,
    )


def _status(error: AchillesError) -> int:
    if isinstance(error, Throttled):
        return 429
    return 401 if isinstance(error, Unauthenticated) else 422


@router.get("/account")
def account_page(request: Request, user: PageUser) -> Response:
    return _account(request, user)


def _account(request: Request, user: User, status_code: int = 200, **messages: str) -> Response:
    context = {"error": None, "notice": None, **messages}
    return render(
        request,
        "account.html",
        status_code,
        delete_confirmation=accounts.DELETE_CONFIRMATION,
        **context,
    )


@router.post("/account/password")
def change_password(
    request: Request,
    user: PageUser,
    current_password: Annotated[str, Form(max_length=256)],
    new_password: Annotated[str, Form(max_length=256)],
) -> Response:
    store = store_of(request)
    now = now_of(request)
    try:
        accounts.change_password(
            store, user, current_password, new_password, address=client_address(request), now=now
        )
    except AchillesError as error:
        return _account(request, user, _status(error), error=str(error))
    response = _account(request, user, notice="Password changed; your other sessions ended.")
    set_session_cookie(request, response, accounts.open_session(store, user, now))
    return response


@router.post("/account/signout-all")
def sign_out_everywhere(request: Request, user: PageUser) -> Response:
    accounts.close_all_sessions(store_of(request), user)
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/account/export.json")
def export(request: Request, user: PageUser) -> Response:
    return account_export_response(store_of(request), user)


@router.post("/account/delete")
def delete(
    request: Request,
    user: PageUser,
    password: Annotated[str, Form(max_length=256)],
    confirm: Annotated[str, Form(max_length=40)],
) -> Response:
    try:
        accounts.delete_account(
            store_of(request),
            user,
            password,
            confirm,
            address=client_address(request),
            now=now_of(request),
        )
    except AchillesError as error:
        return _account(request, user, _status(error), error=str(error))
    response = render(
        request,
        "signin.html",
        next="",
        error=None,
        email="",
        notice="Your account and all your data are deleted.",
        user=None,
    )
    clear_session_cookie(response)
    return response


@router.post("/signout")
def sign_out(request: Request) -> Response:
    accounts.close_session(store_of(request), request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response)
    return response
