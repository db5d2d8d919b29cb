"""The CLI maps the error tree to exit statuses in one place, most specific class first; each
command only raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.errors import OUTCOMES, outcome_of
from achillescare.cli.main import app
from achillescare.errors import (
    AchillesError,
    Conflict,
    EmailTaken,
    Forbidden,
    InvalidInput,
    LibraryError,
    NoIllustration,
    NotAnActivity,
    NotFound,
    PasswordChangeRequired,
    ReportUnavailable,
    SignInRequired,
    StoreUnavailable,
    Throttled,
    Unauthenticated,
    UnreadableFile,
)


def achilles(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit status and stderr of one run."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    return result.exit_code, result.stderr


class TestOutcomeOf:
    @pytest.mark.parametrize(
        ("error", "code"),
        [
            (AchillesError("x"), 1),
            (InvalidInput("x"), 2),
            (NotFound("x"), 1),
            (Conflict("x"), 1),
            (EmailTaken("x"), 1),
            (Unauthenticated("x"), 1),
            (SignInRequired("/"), 1),
            (Forbidden("x"), 1),
            (PasswordChangeRequired(), 1),
            (Throttled("x"), 1),
            (StoreUnavailable("x"), 3),
            (ReportUnavailable("x"), 1),
            (UnreadableFile("x"), 1),
            (NotAnActivity("x"), 1),
            (LibraryError("x"), 1),
        ],
    )
    def test_each_error_class_has_its_exit_status(self, error: AchillesError, code: int) -> None:
        """2 is bad input (as click's usage errors), 3 a store that cannot be opened, 1 the rest."""
        assert outcome_of(error).exit_code == code

    def test_a_subclass_of_two_mapped_bases_takes_the_first_in_its_mro(self) -> None:
        """A missing drawing is a NotFound before it is a LibraryError: not "library damaged"."""
        assert OUTCOMES[LibraryError].lead == "the exercise library is damaged: "
        assert outcome_of(LibraryError("a.toml: not valid TOML")).lead != ""
        assert outcome_of(NoIllustration("no illustration x.svg")).lead == ""

    def test_an_unlisted_subclass_takes_its_nearest_listed_base(self) -> None:
        """A subclass below InvalidInput exits 2 though the table lists AchillesError first."""

        class BadDay(InvalidInput):
            """A subclass defined here only."""

        assert list(OUTCOMES).index(AchillesError) == 0
        assert outcome_of(BadDay("not a day")).exit_code == 2


class TestCommandsEndThroughTheMapping:
    def test_a_folder_as_the_store_is_bad_input(self, tmp_path: Path) -> None:
        """The store's refusal reaches the user as one red line and exit status 2."""
        code, err = achilles("--db", str(tmp_path), "runner", "list")
        assert code == 2
        assert err.strip() == (
            f"error: the store {tmp_path} is a folder; give a file path such as "
            f"{tmp_path}/achilles.db"
        )

    def test_achilles_db_names_the_store_when_db_is_not_given(self, tmp_path: Path) -> None:
        """ACHILLES_DB is read by the settings: the same refusal without --db."""
        code, err = achilles("runner", "list", env={"ACHILLES_DB": str(tmp_path)})
        assert code == 2
        assert f"the store {tmp_path} is a folder" in err

    def test_an_unreachable_database_is_exit_status_3(self) -> None:
        """Nothing listens on port 1: the store is unavailable."""
        code, err = achilles("--db", "postgresql://nobody@127.0.0.1:1/none", "runner", "list")
        assert code == 3
        assert err.startswith("error: cannot open the store")

    def test_an_unknown_runner_is_exit_status_1(self, tmp_path: Path) -> None:
        """NotFound from the service ends the run with its message."""
        db = str(tmp_path / "a.db")
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        code, err = achilles("--db", db, "--runner", "Bo", "activities")
        assert code == 1
        assert err.startswith("error: no runner named 'Bo'")

    def test_a_domain_refusal_is_bad_input_without_a_wrapper(self, tmp_path: Path) -> None:
        """The domain's InvalidInput (a pace of zero) exits 2 with the domain's words."""
        db = str(tmp_path / "a.db")
        code, err = achilles("--db", db, "runner", "add", "Ana", "--fast-pace", "0:00")
        assert code == 2
        assert err.strip() == "error: '0:00' is not a pace: it must be more than zero"
