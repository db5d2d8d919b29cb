"""runners.training_revision, training_changed_at, features_version; dashboard indexes

Every write to a runner's training inputs sets both columns (cached training facts and the
dashboard's freshness read them). The composite indexes let the dashboard find each runner's
latest run and check-in with one index probe per runner instead of scanning every row.

Revision ID: 0005_training_revision
Revises: 0002_symptoms
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_training_revision"
down_revision = "0002_symptoms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.add_column(
            sa.Column("training_revision", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("training_changed_at", sa.DateTime(timezone=True)))
        # Runs stored so far were judged by the device's speed channel (features version 1).
        batch.add_column(
            sa.Column("features_version", sa.Integer(), nullable=False, server_default="1")
        )
    # Runs imported before this migration changed the training inputs too.
    op.execute(
        "update runners set training_changed_at = "
        "(select max(imported_at) from activities where activities.runner_id = runners.id)"
    )
    op.create_index("ix_activities_runner_start", "activities", ["runner_id", "start_utc"])
    op.create_index("ix_checkins_runner_day", "checkins", ["runner_id", "day"])
    op.create_index("ix_checkins_runner_updated", "checkins", ["runner_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_checkins_runner_updated", table_name="checkins")
    op.drop_index("ix_checkins_runner_day", table_name="checkins")
    op.drop_index("ix_activities_runner_start", table_name="activities")
    with op.batch_alter_table("runners") as batch:
        batch.drop_column("features_version")
        batch.drop_column("training_changed_at")
        batch.drop_column("training_revision")
