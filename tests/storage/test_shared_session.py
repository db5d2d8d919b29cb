"""Store.shared: one transaction for a whole call chain, on real databases."""

from __future__ import annotations

import pytest

from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo
from tests.storage.test_store import make_activity


def test_sessions_inside_a_shared_block_are_that_block_s_session(any_store: Store) -> None:
    with any_store.shared() as outer:
        with any_store.session() as first, any_store.session() as second:
            assert first is outer
            assert second is outer
        with any_store.shared() as nested:
            assert nested is outer
    with any_store.session() as after:
        assert after is not outer


def test_a_failure_rolls_back_every_write_of_the_shared_block(
    any_store: Store, make_runner
) -> None:
    runner = make_runner(any_store)
    with pytest.raises(RuntimeError), any_store.shared():  # noqa: PT012  (a crash after a write)
        with any_store.session() as session:
            activities_repo.add(session, runner.id, make_activity())
        raise RuntimeError("crash after the inner block ended")
    with any_store.session() as session:
        assert activities_repo.list_for_runner(session, runner.id) == []


def test_without_a_shared_block_each_session_commits_on_its_own(
    any_store: Store, make_runner
) -> None:
    runner = make_runner(any_store)
    with pytest.raises(RuntimeError), any_store.session():  # noqa: PT012  (a crash after a write)
        with any_store.session() as session:
            activities_repo.add(session, runner.id, make_activity())
        raise RuntimeError("crash after the inner block ended")
    with any_store.session() as session:
        assert len(activities_repo.list_for_runner(session, runner.id)) == 1
