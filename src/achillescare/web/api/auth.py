"""``/api/v1/auth`` and ``/api/v1/me``: sign up, sign in, sign out (here or everywhere), who am
I, change my password, export or delete my data, accounts (admin)."""

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
from achillescare.web.downloads import account_export_response
from achillescare.web.view_models.accounts import user_out
from achillescare.web.view_models.models import (
    ERRORS,
    DeleteMeIn,
    MessageOut,
    PasswordChangeIn,
    SignInIn,
    SignUpIn,
    UserOut,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.post("/auth/signup", status_code=status.HTTP_202_ACCEPTED)
def sign_up(body: SignUpIn, request: Request) -> MessageOut:
    """Create a runner or specialist account, then sign in with it. The answer is the same
    whether or not the e-mail already had an account (no account enumeration)."""
    accounts.register(store_of(request), body.email, body.password, body.name, body.role)
    return MessageOut(detail=accounts.SIGN_UP_ANSWER)


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


@router.post("/auth/signout-all", status_code=status.HTTP_204_NO_CONTENT)
def sign_out_everywhere(user: CurrentUser, request: Request, response: Response) -> None:
    """End every session of this account, on every device (this one included)."""
    accounts.close_all_sessions(store_of(request), user)
    clear_session_cookie(response)


@router.get("/me")
def me(user: CurrentUser) -> UserOut:
    """The signed-in account."""
    return user_out(user)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    body: PasswordChangeIn, user: CurrentUser, request: Request, response: Response
) -> None:
    """Change the password (the current one is asked again, throttled like a sign-in): every
    other session ends, and this browser gets a new one."""
    store = store_of(request)
    now = now_of(request)
    accounts.change_password(
        store,
        user,
        body.current_password,
        body.new_password,
        address=client_address(request),
        now=now,
    )
    set_session_cookie(request, response, accounts.open_session(store, user, now))


@router.get(
    "/me/export",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "A JSON file."}},
)
def export_me(user: CurrentUser, request: Request) -> Response:
    """Everything stored about me, as a JSON download (never the password hash)."""
    return account_export_response(store_of(request), user)


@router.post("/me/delete", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(body: DeleteMeIn, user: CurrentUser, request: Request, response: Response) -> None:
    """Delete my account and all my data, after the password and the typed confirmation."""
    accounts.delete_account(
        store_of(request),
        user,
        body.password,
        body.confirm,
        address=client_address(request),
        now=now_of(request),
    )
    clear_session_cookie(response)


@router.get("/accounts")
def list_accounts(user: CurrentUser, request: Request) -> list[UserOut]:
    """Every account, for admins (no health data)."""
    return [user_out(u) for u in accounts.list_accounts(store_of(request), user)]
