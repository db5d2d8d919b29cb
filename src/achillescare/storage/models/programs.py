"""Tables of the program: self-test results, the adherence log, and program states (append-only, so
every change of phase, protocol week or running stage is kept with its reason)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class SelfTestRow(Base):
    __tablename__ = "self_test_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    test: Mapped[str] = mapped_column(String(40))
    tested_on: Mapped[date] = mapped_column(Date, index=True)
    left_value: Mapped[float | None] = mapped_column(Float)
    right_value: Mapped[float | None] = mapped_column(Float)
    affected_leg: Mapped[str | None] = mapped_column(String(5))
    left_faults: Mapped[list[str]] = mapped_column(JSON, default=list)
    right_faults: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain_max: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class AdherenceRow(Base):
    __tablename__ = "adherence_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    done_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    exercise_id: Mapped[str | None] = mapped_column(String(60))
    pain_during: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    duration_min: Mapped[float | None] = mapped_column(Float)
    sets: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)


class ProgramStateRow(Base):
    """One row per program change; the newest row is the program in force."""

    __tablename__ = "program_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    mode: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    protocol: Mapped[str] = mapped_column(String(20))
    affected_leg: Mapped[str | None] = mapped_column(String(5))
    phase: Mapped[int] = mapped_column(Integer)
    phase_since: Mapped[date | None] = mapped_column(Date)
    core_week: Mapped[int] = mapped_column(Integer)
    extra_load_kg: Mapped[float] = mapped_column(Float)
    rtr_stage: Mapped[int] = mapped_column(Integer)
    rtr_step: Mapped[int] = mapped_column(Integer)
    rtr_since: Mapped[date | None] = mapped_column(Date)
    plyo_level: Mapped[int] = mapped_column(Integer)
    last_change_on: Mapped[date | None] = mapped_column(Date)
    running_week: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prevention_per_week: Mapped[int] = mapped_column(Integer)
    previous_achilles_injury: Mapped[bool | None] = mapped_column(Boolean)
    fluoroquinolone_recent: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
