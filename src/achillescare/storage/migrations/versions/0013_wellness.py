"""wellness_days: resting heart rate, HRV, sleep, soreness and injury from a linked service

One new table; nothing else changes. At most one row per runner, service and day.

Revision ID: 0013_wellness
Revises: 0012_source_links
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_wellness"
down_revision = "0012_source_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wellness_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("resting_hr_bpm", sa.Float(), nullable=True),
        sa.Column("hrv_ms", sa.Float(), nullable=True),
        sa.Column("sleep_h", sa.Float(), nullable=True),
        sa.Column("sleep_score", sa.Float(), nullable=True),
        sa.Column("soreness", sa.Integer(), nullable=True),
        sa.Column("injury", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name="fk_wellness_days_runner_id_runners",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_wellness_days"),
        sa.UniqueConstraint(
            "runner_id", "source", "day", name="uq_wellness_days_runner_source_day"
        ),
    )
    op.create_index("ix_wellness_days_runner_id", "wellness_days", ["runner_id"])


def downgrade() -> None:
    op.drop_index("ix_wellness_days_runner_id", table_name="wellness_days")
    op.drop_table("wellness_days")
