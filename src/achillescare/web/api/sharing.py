"""Sharing: a runner invites specialists and revokes them; a specialist accepts invitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, status

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.web.auth import api_user, now_of, store_of
from achillescare.web.views.accounts import share_out
from achillescare.web.views.models import ERRORS, InviteIn, ShareOut, SharingView

router = APIRouter(prefix="/api/v1", tags=["sharing"], responses=ERRORS)
CurrentUser = Annotated[User, Depends(api_user)]
ShareId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A share's id.")]


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
def invite(body: InviteIn, user: CurrentUser, request: Request) -> ShareOut:
    """The runner invites a specialist by e-mail (they see nothing until they accept)."""
    share = accounts.invite_specialist(store_of(request), user, body.email, now_of(request))
    return share_out(share)


@router.post("/shares/{share_id}/accept")
def accept(share_id: ShareId, user: CurrentUser, request: Request) -> ShareOut:
    """The invited specialist accepts and from now on sees the runner's data."""
    return share_out(accounts.accept_share(store_of(request), user, share_id, now_of(request)))


@router.post("/shares/{share_id}/revoke")
def revoke(share_id: ShareId, user: CurrentUser, request: Request) -> ShareOut:
    """The runner ends a share; the specialist loses access at once (history is kept)."""
    return share_out(accounts.revoke_share(store_of(request), user, share_id, now_of(request)))
