"""Opening the store: an embedded SQLite file by default, or any SQLAlchemy URL (PostgreSQL).

The schema is under Alembic migrations, applied on open, so a new file or an old one is brought to
the current schema before anything reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from achillescare.errors import InvalidInput, StoreUnavailable
from achillescare.settings import store_target

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def default_db_path() -> Path:
    """``achilles.db`` in the user's data directory (e.g. ``~/.local/share/achillescare``)."""
    return Path(user_data_dir("achillescare", appauthor=False)) / "achilles.db"


def database_url(target: str | None) -> str:
    """Normalise a store's name: None → the default file; a path → ``sqlite:///path``; URLs pass through
    (``postgresql://`` is given the psycopg 3 driver)."""
    if target is None or target == "":
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in target:
        path = Path(target).expanduser()
        if path.is_dir():
            raise InvalidInput(
                f"the store {target} is a folder; give a file path such as {path}/achilles.db"
            )
        if not path.parent.exists():
            raise InvalidInput(f"the store {target}: folder {path.parent} does not exist")
        return f"sqlite:///{path.resolve()}"
    try:
        url = make_url(target)
    except ArgumentError:
        raise InvalidInput(f"the store {target!r} is not a database URL or a file path") from None
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # noqa: PLC0415  (see migrate)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)


def migration_heads() -> set[str]:
    """The head revisions, read from the migration files' ``revision``/``down_revision`` lines.

    Importing Alembic costs more than a command's own work (about 0.3 s), so a store that is
    already current is recognised without it; ``tests/storage`` checks this against Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if (found := _REVISION.search(source)) is None:
            continue
        revisions.add(found.group(1))
        if (down := _DOWN.search(source)) is not None:
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return revisions - parents


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return {
            row[0] for row in connection.execute(text("select version_num from alembic_version"))
        }


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the store's migration lock: one process migrates, the others wait, then find the
    schema current. Two servers started together on an empty database otherwise both created
    the tables, and all but one died (a duplicate ``alembic_version``, or SQLite's
    ``_alembic_tmp_*`` table already there).

    PostgreSQL: a session-level advisory lock keyed by the schema, so stores in different
    schemas of one database migrate independently. SQLite: an exclusive ``flock`` on the
    database file itself, which SQLite's own byte-range locks do not see (POSIX only; elsewhere
    no lock is taken)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            key = text("hashtext('achillescare-migrate:' || current_schema())")
            connection.execute(select(func.pg_advisory_lock(key)))
            connection.commit()
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(key)))
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    try:
        import fcntl  # noqa: PLC0415  (POSIX only)
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with Path(database).open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[bool]:
    """Try to become the one process doing ``name`` on this store; yields whether it did.

    PostgreSQL: a session-level advisory lock keyed by the name and the schema, held on a
    connection of its own for the whole block, so that it is let go when the block ends or the
    process dies (its connection closes), and another process can take over. SQLite: one server
    per store file, so always yes."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = text(f"hashtext('{name}:' || current_schema())")
    with engine.connect() as connection:
        taken = bool(connection.execute(select(func.pg_try_advisory_lock(key))).scalar())
        connection.commit()
        try:
            yield taken
        finally:
            if taken:
                connection.execute(select(func.pg_advisory_unlock(key)))
                connection.commit()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to every head, unless it is already there (cheap check first).

    Safe when several processes open a new store at once (:func:`_migration_lock`): the check
    is repeated under the lock, so the processes that waited do nothing."""
    heads = migration_heads()
    if current_revisions(engine) == heads:
        return
    with _migration_lock(engine):
        if current_revisions(engine) == heads:
            return
        from alembic import command  # noqa: PLC0415  (only when there is something to migrate)

        command.upgrade(alembic_config(engine), "heads")


_SHARED: ContextVar[tuple[Store, Session] | None] = ContextVar("achilles_shared", default=None)
"""The session opened by :meth:`Store.shared` in this call chain (thread or task), if any."""


class Store:
    """A migrated database and a session factory. Use :meth:`session` for each unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back if it raises.

        Inside :meth:`shared` it is that block's session and transaction instead."""
        shared = _SHARED.get()
        if shared is not None and shared[0] is self:
            yield shared[1]
            return
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def shared(self) -> Iterator[Session]:
        """One transaction for a whole call chain: every :meth:`session` opened inside the block
        (in this thread or task) reuses it, so a use case that reads through several services
        takes one connection and one commit instead of one per read (a web check-in and its
        decision went from seven transactions to one). Committed when the block
        succeeds, rolled back as a whole if it raises. Nested ``shared`` blocks join the outer.
        """
        current = _SHARED.get()
        if current is not None and current[0] is self:
            yield current[1]
            return
        with self._sessions() as session, session.begin():
            token = _SHARED.set((self, session))
            try:
                yield session
            finally:
                _SHARED.reset(token)

    def close(self) -> None:
        self.engine.dispose()


POOL_SIZE = 40
"""Connections kept open: one per worker thread of the web server (AnyIO runs sync endpoints on
40 threads by default). SQLAlchemy's default of 5 (+10 overflow, closed again after each use)
made requests under 50 concurrent clients wait for, or reconnect, a PostgreSQL connection."""
POOL_OVERFLOW = 10
"""Extra connections for background threads (the web server's warm-up) beyond the pool."""


def _pool_options(url: str) -> dict[str, Any]:
    """Queue-pool sizing; an in-memory SQLite database keeps SQLAlchemy's own pool."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in {None, "", ":memory:"}:
        return {}
    return {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}


def open_store(target: str | None = None) -> Store:
    """Open (create and migrate if needed) the store named by a path or a URL; without one, the
    store the settings name (``ACHILLES_DB``), else the default file."""
    url = database_url(target if target is not None else store_target())
    engine = create_engine(url, **_pool_options(url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StoreUnavailable(f"cannot open the store {engine.url!r}: {reason}") from None
    return Store(engine)
