"""Fuzz every API operation from the app's own OpenAPI schema (schemathesis, in process): no
input, signed in as a runner, may cause a server error, an undocumented status or a response
the schema does not describe.

The operations are driven with hypothesis directly (``operation.as_strategy()``): schemathesis'
``pytest.from_fixture`` does not run under pytest 9.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.services import accounts
from achillescare.storage.db import Store
from achillescare.web import create_app
from achillescare.web.auth import SESSION_COOKIE

EXAMPLES_PER_OPERATION = 25


def test_no_input_makes_the_api_fail(clinic_store: Store) -> None:
    """Each example gets a fresh runner session (a sign-out example ends only its own)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(clinic_store, demo=True))
    user = accounts.sign_in(
        clinic_store, "spike@demo.achillescare.org", DEMO_PASSWORD, "fuzz", datetime.now(UTC)
    )
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]  # an invalid schema raises here, as it should
    assert len(operations) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: schemathesis.Case[Any]) -> None:
            token = accounts.open_session(clinic_store, user, datetime.now(UTC))
            response = case.call(cookies={SESSION_COOKIE: token})
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            # "Schema-valid data is accepted" is not judged: our inputs follow rules JSON Schema
            # cannot state (no date in the future, run pains only with a run, a pace above
            # zero, an empty multipart file list sends no part). Those answer 400 or 422 with a
            # reason; every other check (no 5xx, documented status, response schema) applies.
            skip = [schemathesis.checks.positive_data_acceptance]
            case.validate_response(response, excluded_checks=skip)

        fuzz()
