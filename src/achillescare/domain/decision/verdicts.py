"""The vocabulary of the daily decision: the five answers, their order, and a fired rule's reason.

From most to least severe: ``urgent`` (suspected rupture: same-day medical assessment),
``see_specialist`` (other red flags: pause training), ``rest`` (no running today, rehab exercises
within pain limits), ``modify`` (run, but shorter, flat and easy), ``run``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from achillescare.domain.assessment.symptoms import Side
from achillescare.domain.evidence.rules import Rule

Decision = Literal["run", "modify", "rest", "see_specialist", "urgent"]
DECISIONS: tuple[Decision, ...] = ("run", "modify", "rest", "see_specialist", "urgent")
"""Least to most severe."""

HEADLINES: dict[str, str] = {
    "run": "Run — as planned, within today's cap",
    "modify": "Modify — run, but shorter, flat and easy",
    "rest": "Rest — no running today; rehab exercises within pain limits",
    "see_specialist": "See a specialist — pause training until assessed",
    "urgent": "Urgent — stop; get a same-day medical assessment",
}
"""The one wording of each answer, shown by the CLI and the web app alike."""

SEVERITY: dict[Decision, int] = {name: rank for rank, name in enumerate(DECISIONS)}

FactValue = int | float | str | bool | None | Sequence[int | float | str | None]


def worst(decisions: Iterable[Decision], default: Decision = "run") -> Decision:
    """The most severe decision of several (the worse side wins)."""
    return max(decisions, key=SEVERITY.__getitem__, default=default)


@dataclass(frozen=True, slots=True)
class Reason:
    """One fired rule: its id, the facts that made it fire, and its source.

    ``level`` is the decision the rule pushes to, or None for a caution that decides nothing
    alone (e.g. an ACWR above 1.5). ``side`` is None for runner-level reasons. ``text`` is the
    plain sentence people read (:mod:`achillescare.domain.decision.reason_text`); ``facts`` are for
    machines.
    """

    rule: str
    level: Decision | None
    facts: Mapping[str, FactValue] = field(default_factory=dict)
    source: str = ""
    side: Side | None = None
    text: str = ""

    def to_json(self) -> dict[str, object]:
        """The ``reasons`` item of the ``decide --json`` contract: rule, text, facts, source."""
        facts: dict[str, object] = {}
        if self.side is not None:
            facts["side"] = self.side
        facts.update(self.facts)
        return {"rule": self.rule, "text": self.text, "facts": facts, "source": self.source}


def reason(
    rule: Rule, level: Decision | None, side: Side | None = None, **facts: FactValue
) -> Reason:
    """A fired rule with its citation."""
    return Reason(rule.id, level, dict(facts), rule.citation(), side)
