"""foundation: runners, activities, streams

Revision ID: 0001_foundation
Revises: (none)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "runners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("units", sa.String(length=2), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("weekly_volume_m", sa.Float(), nullable=True),
        sa.Column("fast_speed_m_s", sa.Float(), nullable=True),
        sa.Column("derived_fast_speed_m_s", sa.Float(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runners")),
        sa.UniqueConstraint("name", name=op.f("uq_runners_name")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("utc_offset_s", sa.Integer(), nullable=False),
        sa.Column("sport", sa.String(length=40), nullable=False),
        sa.Column("sub_sport", sa.String(length=40), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("moving_s", sa.Float(), nullable=False),
        sa.Column("elevation_gain_m", sa.Float(), nullable=True),
        sa.Column("elevation_loss_m", sa.Float(), nullable=True),
        sa.Column("uphill_m", sa.Float(), nullable=True),
        sa.Column("uphill_s", sa.Float(), nullable=True),
        sa.Column("steep_uphill_m", sa.Float(), nullable=True),
        sa.Column("steep_uphill_s", sa.Float(), nullable=True),
        sa.Column("downhill_m", sa.Float(), nullable=True),
        sa.Column("downhill_s", sa.Float(), nullable=True),
        sa.Column("fast_s", sa.Float(), nullable=True),
        sa.Column("fast_m", sa.Float(), nullable=True),
        sa.Column("strides", sa.Integer(), nullable=True),
        sa.Column("avg_hr_bpm", sa.Float(), nullable=True),
        sa.Column("max_hr_bpm", sa.Float(), nullable=True),
        sa.Column("avg_cadence_spm", sa.Float(), nullable=True),
        sa.Column("avg_ground_contact_ms", sa.Float(), nullable=True),
        sa.Column("avg_vertical_oscillation_mm", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("device", sa.String(length=120), nullable=True),
        sa.Column("gear", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("source_index", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=True),
        sa.Column("minute_speeds", sa.LargeBinary(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name=op.f("fk_activities_runner_id_runners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint(
            "runner_id", "content_sha256", "source_index", name="uq_activities_content"
        ),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activities_content_sha256"), ["content_sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activities_runner_id"), ["runner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_start_utc"), ["start_utc"], unique=False)

    op.create_table(
        "activity_streams",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("channels", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_streams_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name=op.f("fk_activity_streams_runner_id_runners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_activity_streams")),
    )
    with op.batch_alter_table("activity_streams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_streams_runner_id"), ["runner_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("activity_streams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_streams_runner_id"))

    op.drop_table("activity_streams")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_start_utc"))
        batch_op.drop_index(batch_op.f("ix_activities_runner_id"))
        batch_op.drop_index(batch_op.f("ix_activities_content_sha256"))

    op.drop_table("activities")
    op.drop_table("runners")
