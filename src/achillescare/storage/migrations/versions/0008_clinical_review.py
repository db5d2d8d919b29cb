"""clinical_assessments and decision_overrides: the clinician's part of the daily decision

Revision ID: 0008_clinical_review
Revises: 0004_web (the accounts tables; 0004_web itself follows 0001_foundation's runners)
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_clinical_review"
down_revision = "0004_web"
branch_labels = None
depends_on = "0001_foundation"

UTC_DATETIME = sa.DateTime(timezone=True)


def _fks(table: str, user_column: str) -> tuple[sa.ForeignKeyConstraint, ...]:
    return (
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name=op.f(f"fk_{table}_runner_id_runners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [user_column],
            ["users.id"],
            name=op.f(f"fk_{table}_{user_column}_users"),
            ondelete="SET NULL",
        ),
    )


def upgrade() -> None:
    op.create_table(
        "clinical_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("finding", sa.String(length=30), nullable=False),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("assessor_kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("return_to_running", sa.Boolean(), nullable=False),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        *_fks("clinical_assessments", "entered_by_user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinical_assessments")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_clinical_assessments_runner_id"), "clinical_assessments", ["runner_id"]
    )
    op.create_index(op.f("ix_clinical_assessments_day"), "clinical_assessments", ["day"])
    op.create_index(
        op.f("ix_clinical_assessments_entered_by_user_id"),
        "clinical_assessments",
        ["entered_by_user_id"],
    )
    op.create_table(
        "decision_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("specialist", sa.String(length=200), nullable=False),
        sa.Column("specialist_user_id", sa.Integer(), nullable=True),
        sa.Column("set_on", sa.Date(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        *_fks("decision_overrides", "specialist_user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_overrides")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_decision_overrides_runner_id"), "decision_overrides", ["runner_id"])
    op.create_index(op.f("ix_decision_overrides_first_day"), "decision_overrides", ["first_day"])
    op.create_index(
        op.f("ix_decision_overrides_specialist_user_id"),
        "decision_overrides",
        ["specialist_user_id"],
    )


def downgrade() -> None:
    op.drop_table("decision_overrides")
    op.drop_table("clinical_assessments")
