"""The web app maps the error tree to HTTP statuses in one place, most specific class first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

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
from achillescare.storage.db import Store
from achillescare.web import create_app
from achillescare.web.errors import STATUS, status_of


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """A client of the app over an empty store, not signed in."""
    with TestClient(create_app(store)) as test_client:
        yield test_client


class TestStatusOf:
    @pytest.mark.parametrize(
        ("error", "status"),
        [
            (AchillesError("x"), 400),
            (InvalidInput("x"), 400),
            (UnreadableFile("x"), 400),
            (NotAnActivity("x"), 400),
            (NotFound("x"), 404),
            (Conflict("x"), 409),
            (EmailTaken("x"), 409),
            (Unauthenticated("x"), 401),
            (SignInRequired("/plan"), 401),
            (Forbidden("x"), 403),
            (PasswordChangeRequired(), 403),
            (Throttled("x"), 429),
            (LibraryError("x"), 500),
            (StoreUnavailable("x"), 503),
            (ReportUnavailable("x"), 503),
        ],
    )
    def test_each_error_class_has_its_status(self, error: AchillesError, status: int) -> None:
        """Each class of the tree answers with the status meant for it."""
        assert status_of(error) == status

    def test_a_subclass_of_two_mapped_bases_takes_the_first_in_its_mro(self) -> None:
        """A missing drawing is a NotFound before it is a LibraryError: 404, not 500."""
        assert STATUS[LibraryError] == 500
        assert status_of(NoIllustration("no drawing")) == 404

    def test_the_most_specific_class_wins_whatever_the_table_order(self) -> None:
        """Subclasses below a mapped base take their own status even when listed after it."""

        class OffHours(Throttled):
            """A subclass defined here only: not listed, so it takes Throttled's status."""

        assert list(STATUS).index(AchillesError) == 0  # the base comes first in the table
        assert status_of(OffHours("later")) == 429


class TestResponses:
    def test_an_api_error_is_json_with_the_message(self, client: TestClient) -> None:
        """Under /api/ the error is JSON: its status and its one-line message."""
        response = client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json() == {"detail": "sign in first"}

    def test_a_page_without_a_session_redirects_to_sign_in_and_back(
        self, client: TestClient
    ) -> None:
        """SignInRequired (an Unauthenticated) sends a page to sign-in with the way back."""
        response = client.get("/plan?week=2", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/signin?next=/plan%3Fweek%3D2"

    def test_a_missing_drawing_is_a_404_page(self, client: TestClient) -> None:
        """NoIllustration reaches the error page as 404 with its message."""
        response = client.get("/exercises/not_an_exercise.svg")
        assert response.status_code == 404
        assert "no illustration not_an_exercise.svg in the library" in response.text
