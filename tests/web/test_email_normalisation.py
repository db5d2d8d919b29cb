"""E-mails are compared lower-cased, and lower-casing can lengthen them ("İ" becomes two code
points): the length and shape are checked after it, so the store never sees a longer e-mail
than its column holds (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from achillescare import errors
from achillescare.domain.accounts import normalised_email
from achillescare.errors import InvalidInput
from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.storage.models.core import RunnerRow

GROWING = "İ" * 60 + "@" + "d" * 180 + ".org"
"""245 characters as typed, 305 once lower-cased."""
PASSWORD = "correct horse battery"


def test_an_email_that_grows_when_lower_cased_is_refused_before_the_store() -> None:
    assert len(GROWING) <= 254 < len(GROWING.lower())
    assert normalised_email(GROWING) is None
    assert normalised_email("  Ana@Example.ORG ") == "ana@example.org"


def test_signing_up_with_it_is_a_clear_refusal_and_leaves_no_runner_profile(
    any_store: Store,
) -> None:
    with pytest.raises(InvalidInput, match="valid e-mail"):
        accounts.sign_up(any_store, GROWING, PASSWORD, "Ana", "runner")
    with any_store.session() as session:
        assert session.scalar(select(func.count()).select_from(RunnerRow)) == 0


def test_signing_in_with_it_is_refused_and_counted_by_the_limit(any_store: Store) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(5):
        with pytest.raises(errors.Unauthenticated):
            accounts.sign_in(any_store, GROWING, PASSWORD, "203.0.113.9", now)
    with pytest.raises(errors.Throttled):
        accounts.sign_in(any_store, GROWING, PASSWORD, "203.0.113.9", now)


def test_a_second_runner_with_a_non_ascii_name_signs_up_under_name_and_email(
    any_store: Store,
) -> None:
    """SQLite's lower() leaves "É" alone: the taken name must be found before the insert, whose
    failure would end the one transaction of profile and account."""
    accounts.sign_up(any_store, "emile1@example.org", PASSWORD, "Émile", "runner")
    second = accounts.sign_up(any_store, "emile2@example.org", PASSWORD, "Émile", "runner")
    with any_store.session() as session:
        names = set(session.scalars(select(RunnerRow.name)))
    assert names == {"Émile", "Émile (emile2@example.org)"}
    assert second.runner_id is not None
