"""checkins: a yes/no item may be unanswered (NULL), which the decision never reads as "no"

Revision ID: 0007_checkin_unanswered
Revises: 0006_checkin_red_flags
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_checkin_unanswered"
down_revision = "0006_checkin_red_flags"
branch_labels = None
depends_on = None

FLAGS = (
    "tenderness",
    "swelling",
    "thickening",
    "redness_warmth",
    "pain_on_hopping",
    "pain_built_during_run",
    "pain_at_rest",
    "night_pain",
    "sudden_pop",
    "cannot_heel_raise",
    "limping",
    "fever_unwell",
    "numbness_tingling",
    "fluoroquinolone",
    "corticosteroid",
)


def upgrade() -> None:
    # Earlier check-ins keep their stored answers: the old forms stored an unasked item as "no".
    with op.batch_alter_table("checkins") as batch:
        for flag in FLAGS:
            batch.alter_column(flag, existing_type=sa.Boolean(), nullable=True, server_default=None)


def downgrade() -> None:
    checkins = sa.table("checkins", *(sa.column(flag, sa.Boolean()) for flag in FLAGS))
    for flag in FLAGS:
        op.execute(checkins.update().where(checkins.c[flag].is_(None)).values({flag: sa.false()}))
    with op.batch_alter_table("checkins") as batch:
        for flag in FLAGS:
            batch.alter_column(flag, existing_type=sa.Boolean(), nullable=False)
