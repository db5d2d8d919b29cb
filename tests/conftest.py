"""Shared fixtures: real stores (SQLite in tmp_path; PostgreSQL when the server is there)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import create_engine, text

from achillescare.domain.runner import Runner
from achillescare.services.runners import create_runner
from achillescare.settings import INTERVALS_BASE_URL_VARIABLE
from achillescare.storage.db import Store, open_store
from tests.fakes.intervals import FakeIntervals, serving

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"
PG_URL = os.environ.get("ACHILLES_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def corpus_dir(*parts: str) -> Path:
    """A folder of the shared corpus, or skip the test when it is not beside the repository."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"the shared corpus is not at {path} (it sits beside the repository in CI)")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated SQLite store in a temporary file."""
    opened = open_store(str(tmp_path / "achilles.db"))
    yield opened
    opened.close()


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # any failure means: no server to test against
        return str(error).splitlines()[0]
    return None


@pytest.fixture
def empty_pg_schema() -> Iterator[str]:
    """The URL of a new, empty schema of the PostgreSQL test database, dropped afterwards."""
    problem = _pg_available()
    if problem is not None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} ({problem}); set ACHILLES_TEST_PG")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture
def pg_store(empty_pg_schema: str) -> Iterator[Store]:
    """A migrated store in a private schema of the PostgreSQL test database, dropped afterwards."""
    opened = open_store(empty_pg_schema)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The same test on SQLite and on PostgreSQL (skipped there when the server is absent)."""
    fixture = "store" if request.param == "sqlite" else "pg_store"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


class MakeRunner(Protocol):
    def __call__(
        self, store: Store, name: str = ..., units: str = ..., **profile: Any
    ) -> Runner: ...


@pytest.fixture
def make_runner() -> MakeRunner:
    """Create a runner with sensible defaults; keyword overrides for anything else."""

    def make(store: Store, name: str = "Ana", units: str = "km", **profile: Any) -> Runner:
        return create_runner(store, name, units=units, **profile)

    return make


@pytest.fixture
def fake_intervals(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeIntervals]:
    """The fake intervals.icu of :mod:`tests.fakes.intervals`, served on 127.0.0.1 for the test
    and named by ``ACHILLES_INTERVALS_BASE_URL``, as a self-hoster's tests would point at it."""
    with serving(FakeIntervals()) as fake:
        monkeypatch.setenv(INTERVALS_BASE_URL_VARIABLE, fake.url)
        yield fake
