"""Today's decision as a view: headline, reasons in words with their sources, and advice.

Built from the ``decide --json`` contract (:meth:`DailyDecision.to_json`), the same JSON the
decision log keeps, so the runner's page and the specialist's dashboard (which reads the log)
phrase a decision identically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from achillescare.caches import memoized
from achillescare.domain.decision.verdicts import HEADLINES
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.services.clinical import provenance
from achillescare.web.view_models.models import DecisionOut, OverrideShown, ReasonOut


@memoized(capacity=1)  # the shipped rulebook: one value
def _titles() -> dict[str, str]:
    return {rule.id: rule.title for rule in all_rules()}


def _value_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(v) for v in value if v is not None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _facts_text(facts: Mapping[str, Any]) -> str:
    shown = [
        f"{key.replace('_', ' ')} {_value_text(value)}"
        for key, value in facts.items()
        if key not in {"side", "signal", "status", "value", "assessed_by", "entered_by"}
        and value not in (None, [], ())
    ]
    if facts.get("assessed_by"):  # an assessment: who says so, labelled as such
        shown.append(provenance(str(facts.get("entered_by")), str(facts["assessed_by"])))
    return f" ({', '.join(shown)})" if shown else ""


def override_shown(payload: Mapping[str, Any]) -> OverrideShown | None:
    """The override of one decision JSON (None when no specialist set the day)."""
    found: Mapping[str, Any] | None = payload.get("override")
    if not found:
        return None
    computed = payload.get("computed_decision")
    computed_text = None if computed is None else HEADLINES.get(str(computed), str(computed))
    decision = str(found.get("decision", ""))
    text = override_text(
        {
            "specialist": found.get("specialist"),
            "decision": decision,
            "period": [found.get("first_day"), found.get("last_day")],
            "reason": found.get("reason"),
            "computed_decision": computed,
        }
    )
    return OverrideShown(
        decision=decision,
        specialist=str(found.get("specialist", "")),
        reason=str(found.get("reason", "")),
        first_day=found["first_day"],
        last_day=found["last_day"],
        set_on=found["set_on"],
        computed_decision=None if computed is None else str(computed),
        computed_headline=computed_text,
        text=text,
    )


def reason_text(reason: Mapping[str, Any], signals: Sequence[Mapping[str, Any]]) -> str:
    """The reason's plain sentence, written by the domain (``text``); a decision logged before
    reasons carried one falls back to the rule's title, the side and its facts."""
    if reason.get("text"):
        return str(reason["text"])
    facts: Mapping[str, Any] = reason.get("facts") or {}
    rule = str(reason.get("rule", ""))
    signal_id = facts.get("signal")
    if signal_id is not None:
        for signal in signals:
            if signal.get("id") == signal_id:
                return str(signal.get("explanation", ""))
    if rule == "CLIN-OVERRIDE":
        return override_text(facts)
    side = f" ({facts['side']} side)" if facts.get("side") else ""
    return f"{_titles().get(rule, rule)}{side}{_facts_text(facts)}"


def override_text(facts: Mapping[str, Any]) -> str:
    """One sentence for an override: who set what for when, why, and the rules' own answer."""
    period = facts.get("period") or []
    first, last = (period[0], period[-1]) if period else (None, None)
    when = f"for {first}" if first == last else f"for {first} to {last}"
    decision = str(facts.get("decision", "")).replace("_", " ")
    text = f"{facts.get('specialist')} set '{decision}' {when}: {facts.get('reason')}"
    computed = facts.get("computed_decision")
    if computed is not None:
        text += f" (the rules alone would say '{str(computed).replace('_', ' ')}')"
    return text


def decision_out(payload: Mapping[str, Any], levels: Sequence[str | None] = ()) -> DecisionOut:
    """The view of one decision JSON; ``levels`` (when known) are each reason's decision level."""
    signals: Sequence[Mapping[str, Any]] = payload.get("signals") or []
    reasons_json: Sequence[Mapping[str, Any]] = payload.get("reasons") or []
    reasons = [
        ReasonOut(
            rule=str(r.get("rule", "")),
            level=levels[i] if i < len(levels) else None,
            text=reason_text(r, signals),
            source=str(r.get("source", "")),
        )
        for i, r in enumerate(reasons_json)
    ]
    decision = str(payload.get("decision", "modify"))
    return DecisionOut(
        decision=decision,
        headline=HEADLINES.get(decision, decision),
        reasons=reasons,
        advice=[str(a) for a in payload.get("advice") or []],
        needs_checkin=any(r.rule == "DATA-1" for r in reasons),
        override=override_shown(payload),
    )
