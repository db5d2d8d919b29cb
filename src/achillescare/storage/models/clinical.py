"""Tables of the clinician's loop: clinical assessments and specialists' decision overrides.

Both are kept as entered (never edited in place) so the record of who said what stays whole.
Ids use SQLite's ``AUTOINCREMENT`` so an id is never handed out twice, even after the newest row
of a deleted runner went with them: an id shown on a page or in an export means one entry only.
``entered_by_user_id`` and ``specialist_user_id`` point at the web account that entered the row
(``NULL`` from the CLI); deleting that account keeps the clinical record, with the name as typed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class ClinicalAssessmentRow(Base):
    __tablename__ = "clinical_assessments"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    side: Mapped[str] = mapped_column(String(5))
    finding: Mapped[str] = mapped_column(String(30))
    assessor: Mapped[str] = mapped_column(String(200))
    assessor_kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    return_to_running: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class DecisionOverrideRow(Base):
    __tablename__ = "decision_overrides"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date] = mapped_column(Date, index=True)
    last_day: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    specialist: Mapped[str] = mapped_column(String(200))
    specialist_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    set_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
