"""Today's decision as a view: headline, reasons in words with their sources, and advice.

Built from a :class:`DailyDecision` — the one just made, or one read back from the decision log
with :meth:`DailyDecision.from_json` (lossless: levels included) — so the runner's page and the
specialist's dashboard phrase a decision identically. Headlines come from
:data:`~achillescare.domain.decision.verdicts.HEADLINES` and reason sentences from the domain,
as in the CLI.
"""

from __future__ import annotations

from achillescare.domain.decision.clinical_review import ClinicianOverride
from achillescare.domain.decision.daily import DailyDecision
from achillescare.domain.decision.verdicts import HEADLINES, Decision
from achillescare.web.view_models.models import DecisionOut, OverrideShown, ReasonOut


def override_shown(decision: DailyDecision) -> OverrideShown | None:
    """The override of one decision (None when no specialist set the day)."""
    found = decision.override
    if found is None:
        return None
    computed = decision.computed
    return OverrideShown(
        decision=found.decision,
        specialist=found.specialist,
        reason=found.reason,
        first_day=found.first_day,
        last_day=found.last_day,
        set_on=found.set_on,
        computed_decision=computed,
        computed_headline=None if computed is None else HEADLINES[computed],
        text=override_text(found, computed),
    )


def override_text(found: ClinicianOverride, computed: Decision | None) -> str:
    """One sentence for an override: who set what for when, why, and the rules' own answer."""
    first, last = found.first_day.isoformat(), found.last_day.isoformat()
    when = f"for {first}" if first == last else f"for {first} to {last}"
    decision = found.decision.replace("_", " ")
    text = f"{found.specialist} set '{decision}' {when}: {found.reason}"
    if computed is not None:
        text += f" (the rules alone would say '{computed.replace('_', ' ')}')"
    return text


def decision_out(decision: DailyDecision) -> DecisionOut:
    """The view of one decision."""
    reasons = [
        ReasonOut(rule=r.rule, level=r.level, text=r.text, source=r.source)
        for r in decision.reasons
    ]
    return DecisionOut(
        decision=decision.decision,
        headline=HEADLINES[decision.decision],
        reasons=reasons,
        advice=list(decision.advice),
        needs_checkin=decision.needs_checkin,
        override=override_shown(decision),
    )
