"""The runner's shoes (:mod:`achillescare.domain.gear`); runs point at theirs by ``shoe_id``."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime


class ShoeRow(Base):
    """One pair. Deleting a runner deletes their shoes (cascade); deleting a shoe leaves its runs,
    unassigned (``activities.shoe_id`` is set to NULL)."""

    __tablename__ = "shoes"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012  (a deleted shoe's id stays unused)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    brand: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(80))
    drop_mm: Mapped[float | None] = mapped_column(Float)
    stack_mm: Mapped[float | None] = mapped_column(Float)
    weight_g: Mapped[float | None] = mapped_column(Float)
    first_used: Mapped[date | None] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)
    reminder_m: Mapped[float] = mapped_column(Float)
    default_sports: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=lambda: datetime.now(UTC))
