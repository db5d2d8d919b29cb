"""``achilles strava link`` stores tokens, ``achilles sync --source strava`` pulls the runs from
the fake Strava and says what it imported in the runner's units; unlink revokes and forgets."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from achillescare.cli.main import app
from tests.fakes.strava import FakeStrava


def achilles(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_link_then_sync_prints_the_runs_in_miles_then_nothing_new(
    tmp_path: Path, fake_strava: FakeStrava
) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana", "--units", "mi")[0] == 0
    fake_strava.now = 4_000_000_000  # the CLI syncs at the real time: tokens good till then
    tokens = fake_strava.issue_tokens()
    code, out, err = achilles(
        db, "strava", "link",
        "--access-token", tokens["access_token"],
        "--refresh-token", tokens["refresh_token"],
        "--expires-at", str(tokens["expires_at"]),
    )  # fmt: skip
    assert code == 0, err
    assert "Linked Ana to Strava" in out

    code, out, err = achilles(db, "sync", "--source", "strava")
    assert code == 0, err
    assert "Strava: imported 4 runs (19.0 mi)." in out
    assert "2015-08-15" in out
    assert " 5.6 mi in 47:12" in out  # the fenix 2 run: 9.0 km, 2832 s
    assert "Skipped Strava activity 9000004: not a run (Ride)." in out

    code, out, err = achilles(db, "sync")
    assert code == 0, err
    assert out.strip() == "Strava: nothing new to import."


def test_sync_without_a_link_says_how_to_make_one(tmp_path: Path) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana")[0] == 0
    code, _, err = achilles(db, "sync")
    assert code == 1
    assert "Ana has linked no service" in err
    code, _, err = achilles(db, "sync", "--source", "strava")
    assert code == 1
    assert "Ana has not connected Strava" in err


def test_unlink_revokes_at_strava_and_forgets_the_tokens(
    tmp_path: Path, fake_strava: FakeStrava
) -> None:
    db = tmp_path / "achilles.db"
    assert achilles(db, "runner", "add", "Ana")[0] == 0
    fake_strava.now = 4_000_000_000
    tokens = fake_strava.issue_tokens()
    achilles(
        db, "strava", "link", "--access-token", tokens["access_token"],
        "--refresh-token", tokens["refresh_token"], "--expires-at", str(tokens["expires_at"]),
    )  # fmt: skip
    code, out, err = achilles(db, "strava", "unlink")
    assert code == 0, err
    assert "Unlinked Ana from Strava" in out
    assert fake_strava.deauthorized
    assert "Ana has not connected Strava" in achilles(db, "sync", "--source", "strava")[2]


def test_every_runner_syncs_each_linked_runner_and_names_one_whose_link_fails(
    tmp_path: Path, fake_strava: FakeStrava
) -> None:
    """Ana's tokens work, Ben's were never issued by Strava: Ana's runs come in, Ben is named
    on stderr, Cleo (not linked) is left alone; exit status 4."""
    db = tmp_path / "achilles.db"
    for name in ("Ana", "Ben", "Cleo"):
        assert achilles(db, "runner", "add", name)[0] == 0
    fake_strava.now = 4_000_000_000
    tokens = fake_strava.issue_tokens()
    for name, access in (("Ana", tokens["access_token"]), ("Ben", "made-up")):
        code, _, err = achilles(
            db, "--runner", name, "strava", "link", "--access-token", access,
            "--refresh-token", tokens["refresh_token"], "--expires-at", str(tokens["expires_at"]),
        )  # fmt: skip
        assert code == 0, err
    code, out, err = achilles(db, "sync", "--every-runner")
    assert code == 4
    assert "Ana\nStrava: imported 4 runs (30.5 km)." in out
    assert "Ben: Strava no longer accepts this runner's authorisation" in err
    assert "Cleo" not in out + err
