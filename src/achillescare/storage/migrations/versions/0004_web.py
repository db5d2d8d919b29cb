"""web: accounts, sessions, failed sign-ins, runner shares

Revision ID: 0004_web
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_web"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(op.f("ix_login_failures_address"), "login_failures", ["address"])
    op.create_index(op.f("ix_login_failures_at"), "login_failures", ["at"])
    op.create_index(op.f("ix_login_failures_email"), "login_failures", ["email"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "runner_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name=op.f("fk_runner_accounts_runner_id_runners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_runner_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runner_accounts")),
    )
    op.create_index(
        op.f("ix_runner_accounts_runner_id"), "runner_accounts", ["runner_id"], unique=True
    )
    op.create_index(op.f("ix_runner_accounts_user_id"), "runner_accounts", ["user_id"], unique=True)
    op.create_table(
        "runner_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("specialist_email", sa.String(length=254), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("accepted_at", UTC_DATETIME, nullable=True),
        sa.Column("revoked_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name=op.f("fk_runner_shares_runner_id_runners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["users.id"],
            name=op.f("fk_runner_shares_specialist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runner_shares")),
    )
    op.create_index(op.f("ix_runner_shares_runner_id"), "runner_shares", ["runner_id"])
    op.create_index(
        op.f("ix_runner_shares_specialist_email"), "runner_shares", ["specialist_email"]
    )
    op.create_index(op.f("ix_runner_shares_specialist_id"), "runner_shares", ["specialist_id"])
    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_expires_at"), "web_sessions", ["expires_at"])
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_table("web_sessions")
    op.drop_table("runner_shares")
    op.drop_table("runner_accounts")
    op.drop_table("users")
    op.drop_table("login_failures")
