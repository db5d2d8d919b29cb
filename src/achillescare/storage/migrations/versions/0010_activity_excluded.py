"""activities.excluded_reason: a run the runner left out of the training load, and why

A stray GPS track or a friend's run on the watch stays listed but no longer counts towards
load, signals or decisions; NULL (every run stored so far) counts.

Revision ID: 0010_activity_excluded
Revises: 0010_autoincrement_ids
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_activity_excluded"
down_revision = "0010_autoincrement_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("excluded_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("excluded_reason")
