"""A runner's account belongs to their data: ``runner delete`` removes it (and its sessions and
shares), and ``runner export`` includes it, without the password hash."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from achillescare import errors
from achillescare.cli.main import app
from achillescare.services import accounts
from achillescare.services.runners import delete_runner, resolve_runner
from achillescare.storage.db import Store, open_store
from achillescare.storage.models.web import ShareRow, UserRow, WebSessionRow

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 20, 8, tzinfo=UTC)


def achilles(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def signed_up_runner(db: Path) -> str:
    """Ana signs up, signs in twice and invites a specialist; her session token."""
    store = open_store(str(db))
    try:
        user = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana", "runner")
        accounts.sign_up(store, "physio@example.org", PASSWORD, "Pat Physio", "specialist")
        accounts.open_session(store, user, NOW)
        accounts.invite_specialist(store, user, "physio@example.org", NOW)
        return accounts.open_session(store, user, NOW)
    finally:
        store.close()


def test_runner_delete_deletes_the_account_its_sessions_and_shares(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    token = signed_up_runner(db)
    achilles(db, "--runner", "Ana", "runner", "delete", "--yes")
    store = open_store(str(db))
    try:
        assert accounts.user_for_session(store, token, NOW) is None
        with pytest.raises(errors.Unauthenticated):
            accounts.sign_in(store, "ana@example.org", PASSWORD, "198.51.100.1", NOW)
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(WebSessionRow)) == 0
            assert session.scalar(select(func.count()).select_from(ShareRow)) == 0
            emails = session.scalars(select(UserRow.email)).all()
        assert emails == ["physio@example.org"]
        again = accounts.sign_up(store, "ana@example.org", PASSWORD, "Ana", "runner")
        assert again.runner_id is not None
    finally:
        store.close()


def test_runner_export_includes_the_account_but_never_its_password_hash(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    signed_up_runner(db)
    text = achilles(db, "--runner", "Ana", "runner", "export", "-")
    data = json.loads(text)
    account = data["account"]
    assert account["email"] == "ana@example.org"
    assert account["name"] == "Ana"
    assert account["role"] == "runner"
    assert datetime.fromisoformat(account["created_at"]).year >= 2026
    assert "argon2" not in text
    assert "password" not in text


def test_deleting_a_runner_frees_their_email_on_either_store(any_store: Store) -> None:
    accounts.sign_up(any_store, "ana@example.org", PASSWORD, "Ana", "runner")
    delete_runner(any_store, resolve_runner(any_store, "Ana"))
    assert accounts.all_accounts(any_store) == []
    accounts.sign_up(any_store, "ana@example.org", PASSWORD, "Ana", "runner")
