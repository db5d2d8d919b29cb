"""import_jobs.sync_source: a job may be a sync of an online service instead of an upload

One nullable column added in place; every job stored so far is an upload (NULL).

Revision ID: 0015_sync_jobs
Revises: 0014_import_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_sync_jobs"
down_revision = "0014_import_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("import_jobs", sa.Column("sync_source", sa.String(length=20), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # SQLite >= 3.35 drops in place (no rebuild)
        op.execute("ALTER TABLE import_jobs DROP COLUMN sync_source")
    else:
        op.drop_column("import_jobs", "sync_source")
