"""A specialist's dashboard: their runners, the most concerning first, each with one reason.

Each runner's decision is the one logged today when nothing changed since (a few grouped
queries for all runners); otherwise it is made again and logged, so the dashboard is cheap to
reload and never older than the runner's last check-in or import.
"""

from __future__ import annotations

from datetime import date

from achillescare.domain.accounts import User
from achillescare.domain.clinic import concern_rank
from achillescare.domain.runner import Runner
from achillescare.services import accounts
from achillescare.services.checkins import runner_today
from achillescare.services.decisions import decide_for
from achillescare.storage import web_repo
from achillescare.storage.db import Store
from achillescare.web.views.accounts import share_out
from achillescare.web.views.decision import decision_out
from achillescare.web.views.models import ClinicRow, ClinicView


def clinic_rows(store: Store, runners: list[Runner], today: date) -> list[ClinicRow]:
    """One line per runner, most concerning first (then by name)."""
    with store.session() as session:
        facts = web_repo.runner_facts(session, [r.id for r in runners], today)
    rows = []
    for runner in runners:
        known = facts[runner.id]
        fresh = known.fresh_decision
        if fresh is not None and runner_today(runner) == today:
            payload = fresh.payload
        else:
            payload = decide_for(store, runner).to_json()
        decision = decision_out(payload)
        reason = decision.reasons[0].text if decision.reasons else decision.headline
        rows.append(
            ClinicRow(
                runner_id=runner.id,
                name=runner.name,
                decision=decision.decision,
                concern=concern_rank(decision.decision),
                reason=reason,
                last_checkin=known.last_checkin,
                last_run=None if known.last_run_utc is None else known.last_run_utc.date(),
            )
        )
    rows.sort(key=lambda row: (row.concern, row.name.lower()))
    return rows


def clinic_view(store: Store, user: User, today: date) -> ClinicView:
    """The runners who share with this specialist, and invitations waiting for an answer."""
    rows = clinic_rows(store, accounts.shared_runners(store, user), today)
    invitations = [
        share_out(s) for s in accounts.specialist_shares(store, user) if s.status == "invited"
    ]
    return ClinicView(runners=rows, invitations=invitations)
