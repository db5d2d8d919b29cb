"""A runner's wellness days from a linked service (:mod:`achillescare.domain.sync.wellness`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base


class WellnessRow(Base):
    """One day of one service's figures for one runner; a later sync of the day replaces it.
    Deleting the runner deletes it (cascade)."""

    __tablename__ = "wellness_days"
    __table_args__ = (
        UniqueConstraint("runner_id", "source", "day", name="uq_wellness_days_runner_source_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    resting_hr_bpm: Mapped[float | None] = mapped_column(Float)
    hrv_ms: Mapped[float | None] = mapped_column(Float)
    sleep_h: Mapped[float | None] = mapped_column(Float)
    sleep_score: Mapped[float | None] = mapped_column(Float)
    soreness: Mapped[int | None] = mapped_column(Integer)
    injury: Mapped[int | None] = mapped_column(Integer)
