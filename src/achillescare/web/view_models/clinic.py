"""A specialist's dashboard: their runners, the most concerning first, each with one reason.

Each runner's decision is the one logged today when nothing changed since (a few grouped
queries for all runners); otherwise it is made again and logged, so the dashboard is cheap to
reload and never older than the runner's last check-in or import.
"""

from __future__ import annotations

import itertools
import threading
from datetime import date, datetime

from achillescare.caches import LRU
from achillescare.domain.accounts import User
from achillescare.domain.clinic import LoggedDecision, concern_rank
from achillescare.domain.decision.daily import DailyDecision
from achillescare.domain.runner import Runner
from achillescare.services import accounts, clinic
from achillescare.services.decisions import decide_for
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.web.view_models.decision import decision_out
from achillescare.web.view_models.models import ClinicRow, ClinicView

SummaryKey = tuple[int, int, datetime]
"""(decision-log id, runner id, decided at): a log row never changes and its id is never given
to another row (AUTOINCREMENT, migration 0010); the runner and the moment make the key unique
even in a store whose ids were reused before that migration."""
Summaries = LRU[SummaryKey, tuple[str, str]]
"""Logged decision → (decision, one-line reason); entries never go stale. Kept per app
(:class:`~achillescare.web.state.AppState`) so reloading the dashboard parses no JSON again."""
SUMMARIES_CAPACITY = 100_000
"""Dashboard lines kept per app (two short strings each, some 20 MB when full): every runner of
a large clinic for months of days."""
DASHBOARDS_CAPACITY = 1024
"""(specialist, day) dashboards kept per app: each specialist's today and yesterday, many times."""


def new_summaries() -> Summaries:
    return Summaries(SUMMARIES_CAPACITY)


def _summary(result: DailyDecision) -> tuple[str, str]:
    decision = decision_out(result)
    if decision.override is not None:  # who set it, why, and the rules' own answer
        return decision.decision, decision.override.text
    return decision.decision, decision.reasons[0].text if decision.reasons else decision.headline


def _key(runner_id: int, logged: LoggedDecision) -> SummaryKey:
    return (logged.id, runner_id, logged.decided_at)


def clinic_rows(
    store: Store, runners: list[Runner], today: date, summaries: Summaries | None = None
) -> list[ClinicRow]:
    """One line per runner, most concerning first (then by name)."""
    summaries = new_summaries() if summaries is None else summaries
    with store.shared():  # one transaction for both reads
        facts = clinic.runner_facts(store, [r.id for r in runners], today)
        missing = {
            fresh.id: key
            for known in facts.values()
            if (fresh := known.fresh_decision) is not None
            and (key := _key(known.runner_id, fresh)) not in summaries
        }
        for log_id, payload in clinic.decision_payloads(store, list(missing)).items():
            try:
                logged = DailyDecision.from_json(payload)
            except ValueError:  # logged in an older form (no levels): decided again below
                continue
            summaries.put(missing[log_id], _summary(logged))
    rows = []
    for runner in runners:
        known = facts[runner.id]
        fresh = known.fresh_decision
        found = None if fresh is None else summaries.get(_key(runner.id, fresh))
        if found is not None and runner_today(runner) == today:
            decision, reason = found
        else:
            decision, reason = _summary(decide_for(store, runner))
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


DashboardKey = tuple[int, date]
"""(specialist's user id, day)."""


class DashboardCache:
    """(specialist, day) → (store fingerprint, build ticket, dashboard), per app: a reload with
    nothing changed in the store costs one fingerprint query (:func:`clinic.dashboard_version`).
    One rebuild at a time per dashboard: while check-ins keep changing the store, several reloads
    of the same dashboard wait for the rebuild under way instead of each making their own (five
    specialists' tabs during 45 runners' check-ins, ``web_bench.py``'s mixed phase).

    A view is stamped with the fingerprint read *before* it was built, so it shows at least what
    its stamp stands for; a reload that arrived before a build began may take that build's view
    (it holds every change committed before the reload arrived) whatever the fingerprint says."""

    def __init__(self, capacity: int = DASHBOARDS_CAPACITY) -> None:
        self._views: LRU[DashboardKey, tuple[tuple[object, ...], int, ClinicView]] = LRU(capacity)
        self._locks: LRU[DashboardKey, threading.Lock] = LRU(capacity)
        self._guard = threading.Lock()
        self._tickets = itertools.count()

    def ticket(self) -> int:
        """A number that orders requests and builds by when they started."""
        return next(self._tickets)

    def current(self, key: DashboardKey, version: tuple[object, ...]) -> ClinicView | None:
        found = self._views.get(key)
        return found[2] if found is not None and found[0] == version else None

    def built_after(self, key: DashboardKey, ticket: int) -> ClinicView | None:
        """The view whose build began after ``ticket`` was drawn, if any."""
        found = self._views.get(key)
        return found[2] if found is not None and found[1] > ticket else None

    def rebuilding(self, key: DashboardKey) -> threading.Lock:
        with self._guard:
            found = self._locks.get(key)
            if found is None:
                found = threading.Lock()
                self._locks.put(key, found)
            return found

    def put(
        self, key: DashboardKey, version: tuple[object, ...], ticket: int, view: ClinicView
    ) -> None:
        self._views.put(key, (version, ticket, view))


def cached_clinic_view(
    store: Store, user: User, today: date, summaries: Summaries, views: DashboardCache
) -> ClinicView:
    """:func:`clinic_view`, reused while the store's fingerprint is unchanged.

    Never older than the request: the fingerprint is read before the view is built (read after,
    a check-in committed during the build was stamped onto a view made without it, and that
    older decision was served until the next change)."""
    key = (user.id, today)
    arrived = views.ticket()
    found = views.current(key, clinic.dashboard_version(store))
    if found is not None:
        return found
    with views.rebuilding(key):
        found = views.built_after(key, arrived)  # rebuilt while we waited
        if found is not None:
            return found
        started = views.ticket()
        version = clinic.dashboard_version(store)
        found = views.current(key, version)
        if found is not None:
            return found
        view = clinic_view(store, user, today, summaries)
        views.put(key, version, started, view)
        # Decisions this build logged moved the fingerprint: build once more, from the logged
        # decisions (nothing left to decide), so the view carries the fingerprint the next
        # reloads will find; a check-in meanwhile is in it or makes them build again.
        started = views.ticket()
        latest = clinic.dashboard_version(store)
        if latest != version:
            view = clinic_view(store, user, today, summaries)
            views.put(key, latest, started, view)
        return view


def clinic_view(
    store: Store, user: User, today: date, summaries: Summaries | None = None
) -> ClinicView:
    """The runners who share with this specialist."""
    rows = clinic_rows(store, accounts.shared_runners(store, user), today, summaries)
    return ClinicView(runners=rows)
