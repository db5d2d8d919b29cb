"""Sharing: a runner invites specialists (each invitation has a one-time code) and revokes them;
a specialist accepts with the code the runner gave them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.web.auth import api_user, now_of, store_of
from achillescare.web.params import ShareId
from achillescare.web.view_models.accounts import invitation_out, share_out
from achillescare.web.view_models.models import (
    ERRORS,
    AcceptIn,
    InvitationOut,
    InviteIn,
    ShareOut,
    SharingView,
)

router = APIRouter(prefix="/api/v1", tags=["sharing"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]


@router.get("/shares")
def list_shares(user: CurrentUser, request: Request) -> SharingView:
    """A runner's shares (every status), or the invitations and shares of a specialist."""
    store = store_of(request)
    found = (
        accounts.runner_shares(store, user)
        if user.role == "runner"
        else accounts.specialist_shares(store, user)
    )
    return SharingView(shares=[share_out(s) for s in found])


@router.post("/shares", status_code=status.HTTP_201_CREATED)
def invite(body: InviteIn, user: CurrentUser, request: Request) -> InvitationOut:
    """The runner invites a specialist (the e-mail labels the invitation) and gets the one-time
    code to give them, valid for 7 days; nobody sees anything until the code is entered."""
    share, code = accounts.invite_specialist(store_of(request), user, body.email, now_of(request))
    return invitation_out(share, code)


@router.post("/shares/accept")
def accept(body: AcceptIn, user: CurrentUser, request: Request) -> ShareOut:
    """A specialist enters a runner's invitation code and from now on sees the runner's data;
    404 for an unknown code, 409 for a used, revoked or expired one."""
    share = accounts.accept_invitation(store_of(request), user, body.code, now_of(request))
    return share_out(share)


@router.post("/shares/{share_id}/revoke")
def revoke(share_id: ShareId, user: CurrentUser, request: Request) -> ShareOut:
    """The runner ends a share; the specialist loses access at once (history is kept)."""
    return share_out(accounts.revoke_share(store_of(request), user, share_id, now_of(request)))
