"""accounts: one-time invitation codes for shares; temporary passwords that must be changed

runner_shares: one-time invitation codes (stored hashed) with an expiry.

An invitation is accepted with the code shown to the runner, no longer by whoever signs up with
the invited e-mail. Invitations made before have no code: they cannot be accepted any more and
are revoked here (the runner invites again and gets a code).

users.must_change_password: set by an admin's reset from the terminal, cleared when the person
chooses their own password; until then the web app lets them do nothing else.

Revision ID: 0009_accounts
Revises: 0004_web
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_accounts"
down_revision = "0004_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runner_shares") as batch:
        batch.add_column(sa.Column("code_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index(batch.f("ix_runner_shares_code_sha256"), ["code_sha256"], unique=True)
    op.execute(
        "update runner_shares set status = 'revoked', revoked_at = created_at"
        " where status = 'invited'"
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
    with op.batch_alter_table("runner_shares") as batch:
        batch.drop_index(batch.f("ix_runner_shares_code_sha256"))
        batch.drop_column("code_expires_at")
        batch.drop_column("code_sha256")
