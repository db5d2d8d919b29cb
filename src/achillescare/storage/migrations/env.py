"""Alembic environment: migrations run on the engine the store hands over (no alembic.ini).

On SQLite foreign keys are off while migrating (SQLite's own recipe for changing a table,
https://www.sqlite.org/lang_altertable.html#otheralter): a table rebuilt in batch mode is
dropped and replaced, and with foreign keys on, dropping a runner table would first cascade the
delete to every row that points at it. Migrations that rebuild check ``foreign_key_check``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from achillescare.storage.schema import Base, is_ours

engine = context.config.attributes["engine"]
assert isinstance(engine, Engine)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # only outside a transaction does the pragma take effect
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            include_object=is_ours,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
