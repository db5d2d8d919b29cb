"""``/api/v1/auth`` and ``/api/v1/me``: sign up, sign in, sign out, who am I, accounts (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.web.auth import (
    SESSION_COOKIE,
    api_user,
    clear_session_cookie,
    client_address,
    now_of,
    set_session_cookie,
    store_of,
)
from achillescare.web.views.accounts import user_out
from achillescare.web.views.models import ERRORS, SignInIn, SignUpIn, UserOut

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED)
def sign_up(body: SignUpIn, request: Request, response: Response) -> UserOut:
    """Create a runner or specialist account and sign it in."""
    store = store_of(request)
    user = accounts.sign_up(store, body.email, body.password, body.name, body.role)
    set_session_cookie(request, response, accounts.open_session(store, user, now_of(request)))
    return user_out(user)


@router.post("/auth/signin")
def sign_in(body: SignInIn, request: Request, response: Response) -> UserOut:
    """Sign in; 401 on a wrong pair, 429 after 5 failures in 15 minutes (account or address)."""
    store = store_of(request)
    now = now_of(request)
    user = accounts.sign_in(store, body.email, body.password, client_address(request), now)
    set_session_cookie(request, response, accounts.open_session(store, user, now))
    return user_out(user)


@router.post("/auth/signout", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(user: CurrentUser, request: Request, response: Response) -> None:
    """End this session (the cookie's token is deleted from the store)."""
    accounts.close_session(store_of(request), request.cookies.get(SESSION_COOKIE))
    clear_session_cookie(response)


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in account."""
    return user_out(user)


@router.get("/accounts")
def list_accounts(user: CurrentUser, request: Request) -> list[UserOut]:
    """Every account, for admins (no health data)."""
    return [user_out(u) for u in accounts.list_accounts(store_of(request), user)]
