"""The core tables: runners, their activities, and each activity's recorded streams."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from achillescare.domain.activity.streams import FEATURES_VERSION

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset, so we restore it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone-aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RunnerRow(Base):
    __tablename__ = "runners"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012  (ids never reused: 0010)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    units: Mapped[str] = mapped_column(String(2), default="km")
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(10))
    weekly_volume_m: Mapped[float | None] = mapped_column(Float)
    fast_speed_m_s: Mapped[float | None] = mapped_column(Float)
    derived_fast_speed_m_s: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=lambda: datetime.now(UTC))
    training_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Bumped in the same transaction as every write to the runner's training inputs (runs,
    their fast features, logged exercise sessions): what cached training facts are keyed on
    (:mod:`achillescare.services.training`), so another process's import is seen at once."""
    training_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    watch_folder: Mapped[str | None] = mapped_column(String(1000))
    """A folder on the server whose new activity files are imported for the runner (set with
    ``achilles runner set --watch-folder``; :func:`achillescare.services.watching.watch_runner_folders`)."""
    features_version: Mapped[int] = mapped_column(
        Integer, default=FEATURES_VERSION, server_default="1"
    )
    """Which :data:`~achillescare.domain.activity.streams.FEATURES_VERSION` the runner's stored
    fast time and strides were computed with (runners from before the column: 1)."""
    """When ``training_revision`` last moved: a decision logged before it is stale (dashboard)."""


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint(
            "runner_id", "content_sha256", "source_index", name="uq_activities_content"
        ),
        Index("ix_activities_runner_start", "runner_id", "start_utc"),  # latest run per runner
        {"sqlite_autoincrement": True},  # an id in ``activities --json`` is never another run's
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    start_utc: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    utc_offset_s: Mapped[int] = mapped_column(Integer, default=0)
    sport: Mapped[str] = mapped_column(String(40))
    sub_sport: Mapped[str | None] = mapped_column(String(40))
    distance_m: Mapped[float] = mapped_column(Float)
    duration_s: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    elevation_loss_m: Mapped[float | None] = mapped_column(Float)
    uphill_m: Mapped[float | None] = mapped_column(Float)
    uphill_s: Mapped[float | None] = mapped_column(Float)
    steep_uphill_m: Mapped[float | None] = mapped_column(Float)
    steep_uphill_s: Mapped[float | None] = mapped_column(Float)
    downhill_m: Mapped[float | None] = mapped_column(Float)
    downhill_s: Mapped[float | None] = mapped_column(Float)
    fast_s: Mapped[float | None] = mapped_column(Float)
    fast_m: Mapped[float | None] = mapped_column(Float)
    strides: Mapped[int | None] = mapped_column(Integer)
    avg_hr_bpm: Mapped[float | None] = mapped_column(Float)
    max_hr_bpm: Mapped[float | None] = mapped_column(Float)
    avg_cadence_spm: Mapped[float | None] = mapped_column(Float)
    avg_ground_contact_ms: Mapped[float | None] = mapped_column(Float)
    avg_vertical_oscillation_mm: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    name: Mapped[str | None] = mapped_column(String(300))
    device: Mapped[str | None] = mapped_column(String(120))
    gear: Mapped[str | None] = mapped_column(String(200))
    shoe_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """The pair the runner wore (:mod:`achillescare.storage.models.gear`); NULL: none known. No
    database foreign key: SQLite can add a column in place only with an inline REFERENCES that
    its reflection cannot read back, and rebuilding ``activities`` would undo 0010's
    AUTOINCREMENT. :mod:`achillescare.storage.repos.shoes` keeps it right instead (a shoe of
    the same runner; set to NULL in the transaction that deletes the shoe)."""
    source: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(20))
    content_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    source_index: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[str | None] = mapped_column(Text)
    excluded_reason: Mapped[str | None] = mapped_column(Text)
    """Why the runner left this activity out of the training load; NULL: it counts."""
    minute_speeds: Mapped[bytes | None] = mapped_column(LargeBinary)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=lambda: datetime.now(UTC))


class ActivityStreamRow(Base):
    """Per-sample streams, float32, zlib-compressed: kept so features can be recomputed when the
    runner's fast threshold changes, and for charts; about 30–60 kB per hour of running."""

    __tablename__ = "activity_streams"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    samples: Mapped[int] = mapped_column(Integer)
    channels: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)
