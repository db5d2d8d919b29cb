"""programs: self-test results, adherence log, program states (history)

Revision ID: 0003_programs
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_programs"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def _runner_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["runner_id"],
        ["runners.id"],
        name=op.f(f"fk_{table}_runner_id_runners"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "self_test_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=40), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("left_value", sa.Float(), nullable=True),
        sa.Column("right_value", sa.Float(), nullable=True),
        sa.Column("affected_leg", sa.String(length=5), nullable=True),
        sa.Column("left_faults", sa.JSON(), nullable=False),
        sa.Column("right_faults", sa.JSON(), nullable=False),
        sa.Column("pain_max", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        _runner_fk("self_test_results"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_test_results")),
    )
    op.create_index(op.f("ix_self_test_results_runner_id"), "self_test_results", ["runner_id"])
    op.create_index(op.f("ix_self_test_results_tested_on"), "self_test_results", ["tested_on"])
    op.create_table(
        "adherence_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=True),
        sa.Column("pain_during", sa.Integer(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("duration_min", sa.Float(), nullable=True),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        _runner_fk("adherence_entries"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adherence_entries")),
    )
    op.create_index(op.f("ix_adherence_entries_runner_id"), "adherence_entries", ["runner_id"])
    op.create_index(op.f("ix_adherence_entries_done_on"), "adherence_entries", ["done_on"])
    op.create_table(
        "program_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTC_DATETIME, nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("protocol", sa.String(length=20), nullable=False),
        sa.Column("affected_leg", sa.String(length=5), nullable=True),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("phase_since", sa.Date(), nullable=True),
        sa.Column("core_week", sa.Integer(), nullable=False),
        sa.Column("extra_load_kg", sa.Float(), nullable=False),
        sa.Column("rtr_stage", sa.Integer(), nullable=False),
        sa.Column("rtr_step", sa.Integer(), nullable=False),
        sa.Column("rtr_since", sa.Date(), nullable=True),
        sa.Column("plyo_level", sa.Integer(), nullable=False),
        sa.Column("last_change_on", sa.Date(), nullable=True),
        sa.Column("running_week", sa.JSON(), nullable=False),
        sa.Column("prevention_per_week", sa.Integer(), nullable=False),
        sa.Column("previous_achilles_injury", sa.Boolean(), nullable=True),
        sa.Column("fluoroquinolone_recent", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule_ids", sa.JSON(), nullable=False),
        _runner_fk("program_states"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_states")),
    )
    op.create_index(op.f("ix_program_states_runner_id"), "program_states", ["runner_id"])


def downgrade() -> None:
    op.drop_table("program_states")
    op.drop_table("adherence_entries")
    op.drop_table("self_test_results")
