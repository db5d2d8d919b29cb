"""checkins: pain built up during the run (RF-8B) and recent corticosteroids (RF-6)

Revision ID: 0006_checkin_red_flags
Revises: 0002_symptoms
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_checkin_red_flags"
down_revision = "0002_symptoms"
branch_labels = None
depends_on = None

FLAGS = ("pain_built_during_run", "corticosteroid")


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        for flag in FLAGS:  # earlier check-ins did not ask: no
            batch.add_column(
                sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        for flag in reversed(FLAGS):
            batch.drop_column(flag)
