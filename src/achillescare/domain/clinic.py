"""The specialist's dashboard order: the most concerning runner first.

Urgent (suspected rupture) and the other red flags (see a specialist) come first, then rest, then
modify, then run; a runner with no decision yet comes last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from achillescare.domain.decision.verdicts import DECISIONS, SEVERITY, Decision

NO_DECISION_RANK = len(DECISIONS)


def concern_rank(decision: str | None) -> int:
    """0 for ``urgent`` … 4 for ``run``; :data:`NO_DECISION_RANK` for none or an unknown word."""
    if decision is None or decision not in SEVERITY:
        return NO_DECISION_RANK
    known: Decision = decision
    return len(DECISIONS) - 1 - SEVERITY[known]


@dataclass(frozen=True, slots=True)
class LoggedDecision:
    """The latest decision logged for a runner and date. Log rows never change, so ``id`` is a
    safe cache key for anything derived from the row's JSON payload (read apart: it is large)."""

    id: int
    as_of: date
    decision: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class RunnerFacts:
    """What the dashboard shows of one runner without recomputing anything.

    ``changed_at`` is the last time an input of the decision changed (a check-in saved, an
    activity imported or its features recomputed, an exercise logged, a questionnaire
    answered): a logged decision older than that is stale.
    """

    runner_id: int
    last_checkin: date | None = None
    last_run_utc: datetime | None = None
    changed_at: datetime | None = None
    logged: LoggedDecision | None = field(default=None)

    @property
    def fresh_decision(self) -> LoggedDecision | None:
        """The logged decision if nothing changed after it was made, else None."""
        if self.logged is None:
            return None
        if self.changed_at is not None and self.changed_at > self.logged.decided_at:
            return None
        return self.logged
