"""source_links: a runner's link to Strava or intervals.icu (tokens or API key, resume cursor)

One new table; nothing else changes. At most one link per runner and service.

Revision ID: 0012_source_links
Revises: 0011_shoes
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_source_links"
down_revision = "0011_shoes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("athlete_id", sa.String(length=40), nullable=True),
        sa.Column("access_token", sa.String(length=400), nullable=True),
        sa.Column("refresh_token", sa.String(length=400), nullable=True),
        sa.Column("expires_at", sa.Integer(), nullable=True),
        sa.Column("api_key", sa.String(length=200), nullable=True),
        sa.Column("cursor", sa.JSON(), nullable=False),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name="fk_source_links_runner_id_runners",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_links"),
        sa.UniqueConstraint("runner_id", "source", name="uq_source_links_runner_source"),
    )
    op.create_index("ix_source_links_runner_id", "source_links", ["runner_id"])
    op.create_index("ix_source_links_athlete_id", "source_links", ["athlete_id"])


def downgrade() -> None:
    op.drop_index("ix_source_links_athlete_id", table_name="source_links")
    op.drop_index("ix_source_links_runner_id", table_name="source_links")
    op.drop_table("source_links")
