"""import_jobs, import_job_files: background imports; runners.watch_folder; the job queue

Two new tables and one new column (a runner's watched folder on the server, null for all). On PostgreSQL the schema of procrastinate, the job queue
that hands the jobs to ``achilles worker`` processes, is applied too (its tables, types and
functions, all named ``procrastinate_*``, in the store's schema).

Revision ID: 0014_import_jobs
Revises: 0013_wellness
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_import_jobs"
down_revision = "0013_wellness"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runners", sa.Column("watch_folder", sa.String(length=1000), nullable=True))
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("files_total", sa.Integer(), nullable=False),
        sa.Column("files_done", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["runner_id"],
            ["runners.id"],
            name="fk_import_jobs_runner_id_runners",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_import_jobs"),
    )
    op.create_index("ix_import_jobs_runner_id", "import_jobs", ["runner_id"])
    op.create_table(
        "import_job_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sent_name", sa.String(length=400), nullable=False),
        sa.Column("saved_name", sa.String(length=200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            name="fk_import_job_files_job_id_import_jobs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_import_job_files"),
    )
    op.create_index("ix_import_job_files_job_id", "import_job_files", ["job_id"])
    if op.get_bind().dialect.name == "postgresql":
        from procrastinate.schema import SchemaManager  # noqa: PLC0415  (PostgreSQL only)

        _run_sql(SchemaManager.get_schema())


def _run_sql(script: str) -> None:
    """Run SQL as written, several statements and no parameters: the driver still reads ``%``
    as a placeholder, so each is doubled (as procrastinate's own ``apply_schema`` does)."""
    op.get_bind().exec_driver_sql(script.replace("%", "%%"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_sql(
            """
            DO $$
            DECLARE item record;
            BEGIN
                FOR item IN SELECT tablename FROM pg_tables
                    WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%'
                LOOP
                    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
                END LOOP;
                FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                    JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'
                LOOP
                    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature);
                END LOOP;
                FOR item IN SELECT t.typname FROM pg_type t
                    JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'
                      AND t.typtype = 'e'
                LOOP
                    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
                END LOOP;
            END $$;
            """
        )
    op.drop_index("ix_import_job_files_job_id", table_name="import_job_files")
    op.drop_table("import_job_files")
    op.drop_index("ix_import_jobs_runner_id", table_name="import_jobs")
    op.drop_table("import_jobs")
    if op.get_bind().dialect.name == "sqlite":  # SQLite >= 3.35 drops in place (no rebuild)
        op.execute("ALTER TABLE runners DROP COLUMN watch_folder")
    else:
        op.drop_column("runners", "watch_folder")
