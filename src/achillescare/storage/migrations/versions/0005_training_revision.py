"""runners.training_revision and training_changed_at: set by every write to training inputs

Revision ID: 0005_training_revision
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_training_revision"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.add_column(
            sa.Column("training_revision", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("training_changed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("runners") as batch:
        batch.drop_column("training_changed_at")
        batch.drop_column("training_revision")
