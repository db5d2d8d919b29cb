"""``achilles account``: the only way to make an admin, and a list of accounts."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from achillescare.cli.main import app as cli
from achillescare.storage.db import open_store
from achillescare.web import create_app


def test_an_admin_made_in_the_terminal_signs_in_on_the_web(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            db,
            "account",
            "add",
            "admin@clinic.example",
            "--name",
            "Admin",
            "--role",
            "admin",
        ],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Added admin admin@clinic.example" in result.output
    store = open_store(db)
    client = TestClient(create_app(store))
    signed = client.post(
        "/api/v1/auth/signin", json={"email": "admin@clinic.example", "password": "a long password"}
    )
    assert signed.json()["role"] == "admin"
    assert client.get("/api/v1/accounts").status_code == 200
    store.close()
    listed = CliRunner().invoke(cli, ["--db", db, "account", "list"])
    assert "admin@clinic.example" in listed.output


def test_a_bad_role_or_a_short_password_exits_2(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    base = ["--db", db, "account", "add", "x@clinic.example", "--name", "X"]
    bad_role = CliRunner().invoke(cli, [*base, "--role", "boss", "--password", "long enough"])
    assert bad_role.exit_code == 2
    short = CliRunner().invoke(cli, [*base, "--password", "short"])
    assert short.exit_code == 2
