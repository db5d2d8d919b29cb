"""symptoms: daily check-ins with edit history, questionnaire responses, decision log

Revision ID: 0002_symptoms
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_symptoms"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)
FLAGS = (
    "tenderness",
    "swelling",
    "thickening",
    "redness_warmth",
    "pain_on_hopping",
    "pain_at_rest",
    "night_pain",
    "sudden_pop",
    "cannot_heel_raise",
    "limping",
    "fever_unwell",
    "numbness_tingling",
    "fluoroquinolone",
)


def _runner_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["runner_id"],
        ["runners.id"],
        name=op.f(f"fk_{table}_runner_id_runners"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("ran", sa.Boolean(), nullable=True),
        sa.Column("pain_during_run", sa.Integer(), nullable=True),
        sa.Column("pain_after_run", sa.Integer(), nullable=True),
        sa.Column("morning_pain", sa.Integer(), nullable=True),
        sa.Column("morning_stiffness_min", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=20), nullable=True),
        *(sa.Column(flag, sa.Boolean(), nullable=False) for flag in FLAGS),
        sa.Column("session_rpe", sa.Integer(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        _runner_fk("checkins"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("runner_id", "side", "day", name="uq_checkins_runner_side_day"),
    )
    op.create_index(op.f("ix_checkins_runner_id"), "checkins", ["runner_id"])
    op.create_index(op.f("ix_checkins_day"), "checkins", ["day"])
    op.create_table(
        "checkin_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.Column("replaced_at", UTC_DATETIME, nullable=False),
        _runner_fk("checkin_edits"),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_checkin_edits_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_edits")),
    )
    op.create_index(op.f("ix_checkin_edits_runner_id"), "checkin_edits", ["runner_id"])
    op.create_index(op.f("ix_checkin_edits_checkin_id"), "checkin_edits", ["checkin_id"])
    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("substantial", sa.Boolean(), nullable=True),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        _runner_fk("questionnaire_responses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_responses")),
    )
    op.create_index(
        op.f("ix_questionnaire_responses_runner_id"), "questionnaire_responses", ["runner_id"]
    )
    op.create_index(
        op.f("ix_questionnaire_responses_taken_on"), "questionnaire_responses", ["taken_on"]
    )
    op.create_table(
        "decision_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("decided_at", UTC_DATETIME, nullable=False),
        _runner_fk("decision_log"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_log")),
    )
    op.create_index(op.f("ix_decision_log_runner_id"), "decision_log", ["runner_id"])
    op.create_index(op.f("ix_decision_log_as_of"), "decision_log", ["as_of"])


def downgrade() -> None:
    op.drop_table("decision_log")
    op.drop_table("questionnaire_responses")
    op.drop_table("checkin_edits")
    op.drop_table("checkins")
