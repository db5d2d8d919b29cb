"""Tables of the web app: accounts, sessions, failed sign-ins and runner→specialist shares.

The account that owns a runner profile is linked by ``runner_accounts`` (not a column of
``users``), so exporting a runner's data walks that table's ``runner_id`` and never copies a
password hash.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class RunnerAccountRow(Base):
    """Which account owns which runner profile (one each way)."""

    __tablename__ = "runner_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(
        ForeignKey("runners.id", ondelete="CASCADE"), index=True, unique=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, unique=True
    )


class WebSessionRow(Base):
    """A signed-in browser: only the SHA-256 of the cookie's random token is stored."""

    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class LoginFailureRow(Base):
    """One failed sign-in, for throttling by account and by client address."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True, default=_now)


class ShareRow(Base):
    """A runner's share with a specialist; revoking keeps the row (the history of who saw what).

    While invited, the specialist proves they were given it with a one-time code, of which only
    the SHA-256 is kept (``code_sha256``, until ``code_expires_at``)."""

    __tablename__ = "runner_shares"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    specialist_email: Mapped[str] = mapped_column(String(254), index=True)
    specialist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    code_sha256: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
