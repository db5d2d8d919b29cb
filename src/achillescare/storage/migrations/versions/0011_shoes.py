"""shoes: a runner's pairs of shoes; activities.shoe_id: the pair each run was done in

A new table, and one nullable column on ``activities`` added in place (``ALTER TABLE … ADD
COLUMN``), never by rebuilding the table: 0010_autoincrement_ids must stay the last rebuild of
``activities``, or its AUTOINCREMENT would be lost. Every run stored so far has no shoe (NULL).
Deleting a shoe sets its runs' ``shoe_id`` back to NULL (the shoes repository does it: the column
has no database foreign key); deleting a runner deletes their shoes.

Revision ID: 0011_shoes
Revises: 0003_programs, 0008_clinical_review, 0009_accounts, 0010_activity_excluded
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_shoes"
down_revision = ("0003_programs", "0008_clinical_review", "0009_accounts", "0010_activity_excluded")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shoes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("brand", sa.String(length=80), nullable=True),
        sa.Column("model", sa.String(length=80), nullable=True),
        sa.Column("drop_mm", sa.Float(), nullable=True),
        sa.Column("stack_mm", sa.Float(), nullable=True),
        sa.Column("weight_g", sa.Float(), nullable=True),
        sa.Column("first_used", sa.Date(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("reminder_m", sa.Float(), nullable=False),
        sa.Column("default_sports", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["runner_id"], ["runners.id"], name="fk_shoes_runner_id_runners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_shoes"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_shoes_runner_id", "shoes", ["runner_id"])
    # In place, never a batch rebuild (see above). No foreign key: SQLite adds one only inline,
    # which its reflection cannot read back; the shoes repository keeps the column right.
    op.add_column("activities", sa.Column("shoe_id", sa.Integer(), nullable=True))
    op.create_index("ix_activities_shoe_id", "activities", ["shoe_id"])


def downgrade() -> None:
    op.drop_index("ix_activities_shoe_id", table_name="activities")
    if op.get_bind().dialect.name == "sqlite":  # SQLite >= 3.35 drops in place (no rebuild)
        op.execute("ALTER TABLE activities DROP COLUMN shoe_id")
    else:
        op.drop_column("activities", "shoe_id")
    op.drop_index("ix_shoes_runner_id", table_name="shoes")
    op.drop_table("shoes")
