"""Tables of symptoms: daily check-ins (one per runner, side and date) with their edit history,
questionnaire responses (VISA-A, OSTRC-O2) and a log of the decisions shown.

A second check-in for the same runner, side and date updates the row and keeps the replaced
values in ``checkin_edits`` (revision, time, values): nothing the runner said is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import Index, UniqueConstraint
from sqlalchemy.types import TypeEngine

from achillescare.domain.assessment.checkin_fields import FIELDS, Kind
from achillescare.storage.models.core import Base, UtcDateTime

NEVER_REUSED = {"sqlite_autoincrement": True}
"""Ids are never handed out again after a delete (SQLite would reuse the highest one): the
dashboard and the decision log's readers key caches on them (migration 0010)."""


def _now() -> datetime:
    return datetime.now(UTC)


class CheckInRow(Base):
    """One side's check-in for one date. Its key and bookkeeping are declared here; its answers
    get one column each, from the check-in's field specs (below the class), so a new field needs
    only its spec and the migration that adds the column."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("runner_id", "side", "day", name="uq_checkins_runner_side_day"),
        Index("ix_checkins_runner_day", "runner_id", "day"),  # the dashboard's last check-in
        Index("ix_checkins_runner_updated", "runner_id", "updated_at"),  # … and last change
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    side: Mapped[str] = mapped_column(String(5))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


COLUMN_TYPES: dict[Kind, Callable[[], TypeEngine[Any]]] = {
    "scale": Integer,
    "minutes": Integer,
    "yes_no": Boolean,
    "choice": lambda: String(20),
    "hours": Float,
    "text": Text,
}
"""The column type of each kind of answer."""

for _spec in FIELDS:  # one nullable column per answer, named as the field: NULL = not answered
    setattr(
        CheckInRow, _spec.name, mapped_column(_spec.name, COLUMN_TYPES[_spec.kind](), nullable=True)
    )


class CheckInEditRow(Base):
    """The values a check-in had before an edit replaced them (one row per replaced revision)."""

    __tablename__ = "checkin_edits"
    __table_args__ = (NEVER_REUSED,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    replaced_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class QuestionnaireRow(Base):
    __tablename__ = "questionnaire_responses"
    __table_args__ = (NEVER_REUSED,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(20))
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    side: Mapped[str | None] = mapped_column(String(5))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    substantial: Mapped[bool | None] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class DecisionLogRow(Base):
    """Each decision shown to the runner, as its JSON contract, for the clinician's history."""

    __tablename__ = "decision_log"
    __table_args__ = (NEVER_REUSED,)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    decision: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
