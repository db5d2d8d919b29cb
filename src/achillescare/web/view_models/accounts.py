"""Account and sharing views (the same models for the API and the pages)."""

from __future__ import annotations

from achillescare.domain.accounts import Share, User
from achillescare.web.view_models.models import InvitationOut, ShareOut, UserOut


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        runner_id=user.runner_id,
        must_change_password=user.must_change_password,
    )


def share_out(share: Share) -> ShareOut:
    return ShareOut(
        id=share.id,
        runner_id=share.runner_id,
        runner_name=share.runner_name,
        specialist_email=share.specialist_email,
        specialist_name=share.specialist_name,
        status=share.status,
        created_at=share.created_at,
        accepted_at=share.accepted_at,
        revoked_at=share.revoked_at,
        code_expires_at=share.code_expires_at if share.status == "invited" else None,
    )


def invitation_out(share: Share, code: str) -> InvitationOut:
    return InvitationOut(**share_out(share).model_dump(), code=code)
