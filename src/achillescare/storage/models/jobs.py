"""Background imports (:mod:`achillescare.services.jobs`): one row per upload, one per file sent.

The files themselves are kept in the store until their job is done, so the job survives the web
process that took the upload, and a worker on another machine reads them from the same database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from achillescare.storage.models.core import Base, UtcDateTime


class ImportJobRow(Base):
    """One upload to import: its state, its progress and, once done, what became of each file.
    Deleting the runner deletes it (cascade)."""

    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    sync_source: Mapped[str | None] = mapped_column(String(20))  # a sync, not an upload
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=lambda: datetime.now(UTC))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ImportJobFileRow(Base):
    """One file of an upload: the name it was sent with, the name it is saved under for the
    importers, its bytes until the job is done, then what became of it."""

    __tablename__ = "import_job_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(
        ForeignKey("import_jobs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    sent_name: Mapped[str] = mapped_column(String(400))
    saved_name: Mapped[str | None] = mapped_column(String(200))
    """None: the name sent is no file name, and the file is left out."""
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Cleared once the file is imported."""
    done: Mapped[bool] = mapped_column(default=False)
    found: Mapped[int] = mapped_column(Integer, default=0)
    """Activity files found in it (an export zip holds many)."""
    outcomes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """``{"source", "status", "detail", "activity_id"}`` per activity or problem found."""
