"""Every rule of every domain module, in one list: the source of ``docs/clinical-rules.md``."""

from __future__ import annotations

from achillescare.domain.evidence.rules import Rule

# Each domain module with rules exposes ``RULES``; add the module here when it gains rules.
_RULE_MODULES: tuple[str, ...] = (
    "achillescare.domain.decision.red_flags",
    "achillescare.domain.decision.pain_monitoring",
    "achillescare.domain.decision.daily",
    "achillescare.domain.assessment.questionnaires",
    "achillescare.domain.activity.features",
    "achillescare.domain.load.table",
    "achillescare.domain.gear.caution",
    "achillescare.domain.assessment.selftests",
    "achillescare.domain.activity.cadence",
    "achillescare.domain.risk.profile",
    "achillescare.domain.risk.history",
    "achillescare.domain.program.protocols",
    "achillescare.domain.program.progression",
    "achillescare.domain.program.recovery",
    "achillescare.domain.program.return_to_run",
    "achillescare.domain.program.prevention",
    "achillescare.domain.program.exercises",
)


def all_rules() -> list[Rule]:
    """All rules, in module order, each id once."""
    import importlib  # noqa: PLC0415  (lazy: keeps the domain import graph acyclic)

    rules: list[Rule] = []
    seen: set[str] = set()
    for name in _RULE_MODULES:
        module = importlib.import_module(name)
        for rule in module.RULES:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id} is declared twice")
            seen.add(rule.id)
            rules.append(rule)
    return rules
