"""Links to online services on a real store (SQLite and PostgreSQL): one per runner and service,
replaced in place, found by the service's athlete id, and gone with the runner."""

from __future__ import annotations

import json

from achillescare.domain.sync import SourceLink
from achillescare.services.runners import delete_runner, export_runner
from achillescare.storage.db import Store
from achillescare.storage.repos import source_links
from tests.conftest import MakeRunner


def test_a_link_is_stored_replaced_found_and_removed(
    any_store: Store, make_runner: MakeRunner
) -> None:
    runner = make_runner(any_store)
    assert runner.id is not None
    first = SourceLink(
        runner.id,
        "strava",
        athlete_id="134815",
        access_token="a1",
        refresh_token="r1",
        expires_at=1_700_000_000,
        cursor={"after": 5},
    )
    with any_store.session() as session:
        stored = source_links.put(session, first)
        assert stored.id is not None
    with any_store.session() as session:
        source_links.put(
            session,
            SourceLink(
                runner.id, "strava", athlete_id="134815", access_token="a2", cursor={"after": 9}
            ),
        )
    with any_store.session() as session:
        link = source_links.get(session, runner.id, "strava")
        assert link is not None
        assert (link.access_token, link.refresh_token, link.cursor) == ("a2", None, {"after": 9})
        assert link.id == stored.id
        assert [
            found.runner_id for found in source_links.for_athlete(session, "strava", "134815")
        ] == [runner.id]
        assert source_links.get(session, runner.id, "intervals") is None
        assert source_links.remove(session, runner.id, "strava") is True
        assert source_links.remove(session, runner.id, "strava") is False
        assert source_links.for_source(session, "strava") == []


def test_deleting_a_runner_deletes_their_links(any_store: Store, make_runner: MakeRunner) -> None:
    runner = make_runner(any_store)
    assert runner.id is not None
    with any_store.session() as session:
        source_links.put(session, SourceLink(runner.id, "intervals", athlete_id="i1", api_key="k"))
    delete_runner(any_store, runner)
    with any_store.session() as session:
        assert source_links.for_source(session, "intervals") == []


def test_the_runners_export_withholds_the_links_credentials(
    any_store: Store, make_runner: MakeRunner
) -> None:
    """The export names the link and its athlete, never the tokens or the API key."""
    runner = make_runner(any_store)
    assert runner.id is not None
    with any_store.session() as session:
        source_links.put(
            session,
            SourceLink(
                runner.id,
                "strava",
                athlete_id="134815",
                access_token="secret-a",
                refresh_token="secret-r",
            ),
        )
        source_links.put(session, SourceLink(runner.id, "intervals", api_key="secret-k"))
    exported = export_runner(any_store, runner)
    rows = {row["source"]: row for row in exported["tables"]["source_links"]}
    assert rows["strava"]["athlete_id"] == "134815"
    assert rows["strava"]["access_token"] == rows["intervals"]["api_key"] == "<withheld>"
    assert "secret-" not in json.dumps(exported)
