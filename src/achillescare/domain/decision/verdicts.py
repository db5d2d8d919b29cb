"""The vocabulary of the daily decision: the five answers, their order, and a fired rule's reason.

From most to least severe: ``urgent`` (suspected rupture: same-day medical assessment),
``see_specialist`` (other red flags: pause training), ``rest`` (no running today, rehab exercises
within pain limits), ``modify`` (run, but shorter, flat and easy), ``run``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from achillescare.domain.assessment.symptoms import SIDES, Side
from achillescare.domain.evidence.rules import Rule
from achillescare.errors import InvalidInput

Decision = Literal["run", "modify", "rest", "see_specialist", "urgent"]
DECISIONS: tuple[Decision, ...] = ("run", "modify", "rest", "see_specialist", "urgent")
"""Least to most severe."""

HEADLINES: dict[Decision, str] = {
    "run": "Run — as planned, within today's cap",
    "modify": "Modify — run, but shorter, flat and easy",
    "rest": "Rest — no running today; rehab exercises within pain limits",
    "see_specialist": "See a specialist — pause training until assessed",
    "urgent": "Urgent — stop; get a same-day medical assessment",
}
"""The one wording of each answer, shown by the CLI and the web app alike."""

SEVERITY: dict[Decision, int] = {name: rank for rank, name in enumerate(DECISIONS)}

FactValue = int | float | str | bool | None | Sequence[int | float | str | None]


def as_decision(value: object, what: str = "decision") -> Decision:
    """``value`` as one of the five answers; anything else is refused, never guessed (a decision
    read back as the wrong answer would tell a runner with a red flag to run)."""
    if isinstance(value, str) and value in SEVERITY:
        return value
    raise InvalidInput(f"{what}: {value!r} is not one of {', '.join(DECISIONS)}")


def as_level(value: object, what: str = "level") -> Decision | None:
    """A reason's level: an answer, or None for a caution."""
    return None if value is None else as_decision(value, what)


def _text(data: Mapping[str, object], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: {key} must be text, not {value!r}")
    return value


def _fact(value: object, where: str) -> FactValue:
    """A fact as the domain holds it (a list for a sequence, as JSON gives it back)."""
    if value is None or isinstance(value, int | float | str | bool):
        return value
    if isinstance(value, list | tuple) and all(
        item is None or isinstance(item, int | float | str) for item in value
    ):
        return list(value)
    raise InvalidInput(f"{where}: {value!r} is not a fact value")


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
        """The ``reasons`` item of the ``decide --json`` contract: rule, level, text, facts (with
        ``side`` for a leg's reason), source. :meth:`from_json` reads it back whole."""
        facts: dict[str, object] = {}
        if self.side is not None:
            facts["side"] = self.side
        facts.update(self.facts)
        return {
            "rule": self.rule,
            "level": self.level,
            "text": self.text,
            "facts": facts,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Reason:
        """The reason :meth:`to_json` wrote; raises ValueError for anything it would not write
        (an unknown level or side, a missing field), so a decision is never rebuilt by guessing."""
        rule = _text(data, "rule", "reason")
        where = f"reason {rule}"
        if "level" not in data:
            raise InvalidInput(f"{where}: no level")
        level = as_level(data["level"], f"{where}: level")
        raw = data.get("facts")
        if not isinstance(raw, Mapping):
            raise InvalidInput(f"{where}: facts must be an object, not {raw!r}")
        facts = {str(k): _fact(v, f"{where}: fact {k}") for k, v in raw.items() if k != "side"}
        side = raw.get("side")
        if side is not None and side not in SIDES:
            raise InvalidInput(f"{where}: side {side!r} is not one of {', '.join(SIDES)}")
        return cls(
            rule,
            level,
            facts,
            _text(data, "source", where),
            cast(Side | None, side),
            _text(data, "text", where),
        )


def reason(
    rule: Rule, level: Decision | None, side: Side | None = None, **facts: FactValue
) -> Reason:
    """A fired rule with its citation (sequence facts kept as lists, as :meth:`Reason.from_json`
    reads them back)."""
    kept = {k: list(v) if isinstance(v, tuple) else v for k, v in facts.items()}
    return Reason(rule.id, level, kept, rule.citation(), side)
