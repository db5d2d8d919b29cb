"""A specialist's dashboard: their runners, the most concerning first, each with one reason.

Each runner's decision is the one logged today when nothing changed since (a few grouped
queries for all runners); otherwise it is made again and logged, so the dashboard is cheap to
reload and never older than the runner's last check-in or import.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any

from achillescare.domain.accounts import User
from achillescare.domain.clinic import concern_rank
from achillescare.domain.runner import Runner
from achillescare.services import accounts, clinic
from achillescare.services.decisions import decide_for
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.web.views.decision import decision_out
from achillescare.web.views.models import ClinicRow, ClinicView

Summaries = MutableMapping[int, tuple[str, str]]
"""Decision-log id → (decision, one-line reason); log rows never change, so entries never go
stale. Kept per app (``app.state``) so reloading the dashboard parses no JSON again."""
MAX_SUMMARIES = 100_000


def _summary(payload: Mapping[str, Any]) -> tuple[str, str]:
    decision = decision_out(payload)
    return decision.decision, decision.reasons[0].text if decision.reasons else decision.headline


def clinic_rows(
    store: Store, runners: list[Runner], today: date, summaries: Summaries | None = None
) -> list[ClinicRow]:
    """One line per runner, most concerning first (then by name)."""
    summaries = {} if summaries is None else summaries
    if len(summaries) > MAX_SUMMARIES:
        summaries.clear()
    with store.shared():  # one transaction for both reads
        facts = clinic.runner_facts(store, [r.id for r in runners], today)
        missing = [
            fresh.id
            for known in facts.values()
            if (fresh := known.fresh_decision) is not None and fresh.id not in summaries
        ]
        for log_id, payload in clinic.decision_payloads(store, missing).items():
            summaries[log_id] = _summary(payload)
    rows = []
    for runner in runners:
        known = facts[runner.id]
        fresh = known.fresh_decision
        if fresh is not None and fresh.id in summaries and runner_today(runner) == today:
            decision, reason = summaries[fresh.id]
        else:
            decision, reason = _summary(decide_for(store, runner).to_json())
        rows.append(
            ClinicRow(
                runner_id=runner.id,
                name=runner.name,
                decision=decision,
                concern=concern_rank(decision),
                reason=reason,
                last_checkin=known.last_checkin,
                last_run=None if known.last_run_utc is None else known.last_run_utc.date(),
            )
        )
    rows.sort(key=lambda row: (row.concern, row.name.lower()))
    return rows


class DashboardCache:
    """(specialist, day) → (store fingerprint, dashboard), per app: a reload with nothing changed
    in the store costs one fingerprint query (:func:`clinic.dashboard_version`). One rebuild at
    a time per dashboard: while check-ins keep changing the store, several reloads of the same
    dashboard wait for the rebuild under way instead of each making their own (five
    specialists' tabs during 45 runners' check-ins, ``web_bench.py``'s mixed phase)."""

    def __init__(self) -> None:
        self._views: dict[tuple[int, date], tuple[tuple[object, ...], ClinicView]] = {}
        self._locks: dict[tuple[int, date], threading.Lock] = {}
        self._guard = threading.Lock()

    def current(self, key: tuple[int, date], version: tuple[object, ...]) -> ClinicView | None:
        found = self._views.get(key)
        return found[1] if found is not None and found[0] == version else None

    def rebuilding(self, key: tuple[int, date]) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def put(self, key: tuple[int, date], version: tuple[object, ...], view: ClinicView) -> None:
        with self._guard:
            if len(self._views) > MAX_SUMMARIES:
                self._views.clear()
                self._locks.clear()
            self._views[key] = (version, view)


def cached_clinic_view(
    store: Store, user: User, today: date, summaries: Summaries, views: DashboardCache
) -> ClinicView:
    """:func:`clinic_view`, reused while the store's fingerprint is unchanged."""
    key = (user.id, today)
    found = views.current(key, clinic.dashboard_version(store))
    if found is not None:
        return found
    with views.rebuilding(key):
        found = views.current(key, clinic.dashboard_version(store))  # rebuilt while we waited?
        if found is not None:
            return found
        view = clinic_view(store, user, today, summaries)
        # Deciding may log new decisions: the view is current as of the fingerprint taken after.
        views.put(key, clinic.dashboard_version(store), view)
        return view


def clinic_view(
    store: Store, user: User, today: date, summaries: Summaries | None = None
) -> ClinicView:
    """The runners who share with this specialist."""
    rows = clinic_rows(store, accounts.shared_runners(store, user), today, summaries)
    return ClinicView(runners=rows)
