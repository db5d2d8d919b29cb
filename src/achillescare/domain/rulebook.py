"""Every rule of every domain module, in one list: the source of ``docs/clinical-rules.md``."""

from __future__ import annotations

from achillescare.domain.evidence import Rule

# Each domain module with rules exposes ``RULES``; add the module here when it gains rules.
_RULE_MODULES: tuple[str, ...] = (
    "achillescare.domain.red_flags",
    "achillescare.domain.pain_monitoring",
    "achillescare.domain.decisions",
    "achillescare.domain.questionnaires",
    "achillescare.domain.activity_features",
    "achillescare.domain.load",
    "achillescare.domain.assessments",
    "achillescare.domain.cadence",
    "achillescare.domain.risk",
    "achillescare.domain.risk_history",
    "achillescare.domain.protocols",
    "achillescare.domain.programs",
    "achillescare.domain.recovery",
    "achillescare.domain.return_to_run",
    "achillescare.domain.prevention",
    "achillescare.domain.exercises",
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
