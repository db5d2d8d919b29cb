"""The specialist's dashboard as use cases: which runners it shows, what is known of each without
deciding again, and whether anything changed since it was last built.

The dashboard must stay cheap with hundreds of runners: it reads the facts of all of
them in a few queries (:mod:`achillescare.storage.repos.clinic`) and decides again only
runners whose decision for the day is missing or older than their latest input.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from achillescare.domain.clinic import RunnerFacts
from achillescare.domain.runner import Runner
from achillescare.services.decisions import decide_for
from achillescare.services.insights import clinic_summary_for
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import clinic as clinic_repo
from achillescare.storage.repos import symptoms as symptoms_repo


def runner_facts(store: Store, runner_ids: Sequence[int], day: date) -> dict[int, RunnerFacts]:
    """Per runner: last check-in, last run, last input change and the decision logged for
    ``day`` (the latest), without deciding anything."""
    with store.session() as session:
        return clinic_repo.runner_facts(session, runner_ids, day)


def decision_payloads(store: Store, log_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The JSON contract of each logged decision, by log id (ids not found are left out)."""
    with store.session() as session:
        return symptoms_repo.decision_payloads(session, log_ids)


def dashboard_version(store: Store) -> tuple[object, ...]:
    """A fingerprint of everything a dashboard shows: equal fingerprints, equal dashboards."""
    with store.session() as session:
        return clinic_repo.store_version(session)


def runners_on_dashboards(store: Store) -> list[Runner]:
    """Every runner some specialist can see (at least one active share)."""
    with store.session() as session:
        return clinic_repo.shared_runners_all(session)


def decide_stale(store: Store, today: date) -> int:
    """Decide (and log) each runner on a dashboard whose decision for ``today`` is missing or
    older than their latest input; returns how many were decided. Run ahead of the day's first
    dashboard (``achilles serve`` does, in the background), it only saves the specialist time."""
    runners = runners_on_dashboards(store)
    facts = runner_facts(store, [r.id for r in runners], today)
    decided = 0
    for runner in runners:
        if facts[runner.id].fresh_decision is None and runner_today(runner) == today:
            decide_for(store, runner, today, log=True)
            decided += 1
    return decided


def warm_insights(store: Store) -> int:
    """Compute (into the store's cache) the insights of each runner on a dashboard, so the day's
    first clinic summary does not wait for each runner's history and bootstrap (80–100 ms for a
    year of data, ``benchmarks/clinic_insights_bench.py``); returns how many runners were read."""
    runners = runners_on_dashboards(store)
    clinic_summary_for(store, runners)
    return len(runners)
