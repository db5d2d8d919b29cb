"""SQLite: ids of runners, runs, check-ins, check-in edits, questionnaires and decisions are
never given out twice (AUTOINCREMENT)

Without AUTOINCREMENT SQLite hands out the highest id in use plus one, so after a delete a new
row can get the id of a deleted one, and anything keyed by that id (cached training facts, the
dashboard's decision lines, an id a user noted from ``activities --json``) would be taken for
the old row's (https://www.sqlite.org/autoinc.html). SQLite cannot add the keyword to a table,
so each table is rebuilt; the migration environment turns foreign keys off meanwhile, so
dropping the old table cascades to nothing. PostgreSQL's serial ids never repeat: nothing to do.

Revision ID: 0010_autoincrement_ids
Revises: 0005_training_revision, 0007_checkin_unanswered (after every other rebuild of
these tables, so that none of them drops the keyword again)
"""

from alembic import op
from sqlalchemy import text

revision = "0010_autoincrement_ids"
down_revision = ("0005_training_revision", "0007_checkin_unanswered")
branch_labels = None
depends_on = None

TABLES = (
    "runners",
    "activities",
    "checkins",
    "checkin_edits",
    "questionnaire_responses",
    "decision_log",
)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    problems = op.get_bind().execute(text("pragma foreign_key_check")).all()
    if problems:
        raise RuntimeError(f"foreign keys broken by the rebuild: {problems[:5]}")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
