"""A runner's links to online services (:mod:`achillescare.domain.sync`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime

SECRET = {"secret": True}
"""A column's ``info`` for a credential: the runner's data export leaves its value out."""


class SourceLinkRow(Base):
    """One runner's link to one service. Deleting the runner deletes it (cascade); so does
    disconnecting, or the service telling us the runner withdrew the app's access."""

    __tablename__ = "source_links"
    __table_args__ = (
        UniqueConstraint("runner_id", "source", name="uq_source_links_runner_source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    athlete_id: Mapped[str | None] = mapped_column(String(40), index=True)
    access_token: Mapped[str | None] = mapped_column(String(400), info=SECRET)
    refresh_token: Mapped[str | None] = mapped_column(String(400), info=SECRET)
    expires_at: Mapped[int | None] = mapped_column(Integer)
    api_key: Mapped[str | None] = mapped_column(String(200), info=SECRET)
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=lambda: datetime.now(UTC))
