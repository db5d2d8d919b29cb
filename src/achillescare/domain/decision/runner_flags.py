"""Runner-level red flags read from both legs and the runner's age: both tendons at once
(RF-3, RF-3P, RF-3S) and a runner who may still be growing (RF-11, RF-11M).

These look beyond one leg's history, so :mod:`decisions` applies them after the per-side screen.
Standard practice puts symptoms in both tendons without a training reason among the
see-a-clinician signs (systemic inflammatory disease, rules RF-3* in ``docs/clinical-rules.md``),
and heel pain in a growing child among the differentials (RF-11; Wiegerinck et al. 2014).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from achillescare.domain.assessment.symptoms import CheckIn, Side
from achillescare.domain.decision.verdicts import Decision, Reason, reason
from achillescare.domain.evidence.rules import Rule

TRACKED_DAYS = 28
"""A location answer of the last 28 days still says where the side hurts (house)."""
INFLAMMATORY_STIFFNESS_MIN = 30
"""RF-3S: morning stiffness of 30 minutes or more with both tendons painful (house default:
inflammatory stiffness lasts long; tendinopathy stiffness usually eases within minutes)."""
BILATERAL_PAIN = 4
"""RF-3P: both tendons at 4/10 or more the same day (house default)."""
CHILD_AGE = 14
"""RF-11M: at 14 or younger tendon pain above the heel goes to a clinician first (house)."""
ADULT_AGE = 18
"""RF-11: the age (this year) up to which a runner may still be growing (house)."""


def _rule(rule_id: str) -> Rule:
    return _BY_ID[rule_id]


def both_sides_reasons(
    today: Mapping[Side, CheckIn], reasons: Sequence[Reason], stiff_days: Sequence[date] = ()
) -> list[Reason]:
    """Both tendons at once (standard practice, rules RF-3* in ``docs/clinical-rules.md``: symptoms
    in both tendons without a training reason → see a clinician, systemic disease).

    RF-3S: both tendons painful with long morning stiffness (``stiff_days``, see
    :func:`bilateral_stiff_days`) → see a clinician (inflammatory disease screening), whatever
    the training. RF-3P: both tendons at 4/10 or more today with no high training signal to
    explain it → see a clinician. RF-3: milder (above 2/10, swelling or redness on both) with
    no training reason → a caution."""
    out: list[Reason] = []
    if stiff_days:
        out.append(
            reason(
                _rule("RF-3S"),
                "see_specialist",
                None,
                reported_on=[d.isoformat() for d in sorted(stiff_days)[-5:]],
                stiffness_min_at_least=INFLAMMATORY_STIFFNESS_MIN,
            )
        )
    if len(today) < 2 or any(r.rule == "TRAIN-1" for r in reasons):
        return out
    pains = [c.max_pain() or 0 for c in today.values()]
    if all(p >= BILATERAL_PAIN for p in pains):
        out.append(reason(_rule("RF-3P"), "see_specialist", None, pain=pains))
    elif all(
        p > 2 or c.swelling or c.redness_warmth for p, c in zip(pains, today.values(), strict=True)
    ):
        out.append(reason(_rule("RF-3"), None, None, sides=sorted(today)))
    return out


def bilateral_stiff_days(
    checkins: Sequence[CheckIn], as_of: date, cleared: Mapping[Side, date | None]
) -> list[date]:
    """Days since either side's last assessment on which both tendons hurt (pain above 0/10)
    and morning stiffness lasted at least :data:`INFLAMMATORY_STIFFNESS_MIN` on either: RF-3S
    stays until a clinician has seen the runner."""
    after = max((d for d in cleared.values() if d is not None), default=None)
    by_day: dict[date, dict[Side, CheckIn]] = {}
    for c in checkins:
        if c.date <= as_of and (after is None or c.date > after):
            by_day.setdefault(c.date, {})[c.side] = c
    return [
        d
        for d, pair in sorted(by_day.items())
        if len(pair) == 2
        and all((c.max_pain() or 0) > 0 for c in pair.values())
        and any((c.morning_stiffness_min or 0) >= INFLAMMATORY_STIFFNESS_MIN for c in pair.values())
    ]


def may_be_under_18(birth_year: int | None, as_of: date) -> bool:
    """True when someone born in ``birth_year`` may still be under 18 on ``as_of`` (turning 18
    this year counts: the birthday may not have come yet)."""
    return birth_year is not None and as_of.year - birth_year <= ADULT_AGE


def _location(side: Side, checkins: Sequence[CheckIn], as_of: date) -> str | None:
    """Where the side hurts: today's answer, else the latest given in the last 28 days."""
    first = as_of - timedelta(days=TRACKED_DAYS - 1)
    for c in reversed(checkins):
        if c.side == side and first <= c.date <= as_of and c.location is not None:
            return c.location
    return None


def growing_reasons(
    today: Mapping[Side, CheckIn],
    birth_year: int | None,
    as_of: date,
    checkins: Sequence[CheckIn] = (),
    assessed: Sequence[Side] = (),
) -> list[Reason]:
    """RF-11 and RF-11M: heel or tendon symptoms today in a runner who may be under 18.

    RF-11 (see a clinician): pain at the insertion (the heel) or of unknown location. Until the
    heel's growth plate fuses (15–17 years) heel pain is often calcaneal apophysitis (Sever's
    disease), which this program does not treat. RF-11M: pain located in the tendon above the
    heel or in the calf: not Sever's, but the growth plate may still be open, so a clinician
    should confirm it is the tendon: see a clinician at 14 or younger (tendinopathy is rare in
    children), run only modified at 15–17 until confirmed (house). A side a clinician has
    assessed is not screened again (the clinician answered the question)."""
    if not may_be_under_18(birth_year, as_of):
        return []
    assert birth_year is not None  # may_be_under_18 said so
    age = as_of.year - birth_year
    heel: list[Side] = []
    tendon: list[Side] = []
    for side, c in sorted(today.items()):
        if side in assessed:
            continue
        if not ((c.max_pain() or 0) > 0 or c.tenderness or c.swelling or c.thickening):
            continue
        where = _location(side, checkins, as_of)
        (tendon if where in ("mid_tendon", "calf") else heel).append(side)
    out: list[Reason] = []
    if heel:
        out.append(reason(_rule("RF-11"), "see_specialist", None, sides=heel, age_this_year=age))
    if tendon:
        level: Decision = "see_specialist" if age <= CHILD_AGE else "modify"
        out.append(reason(_rule("RF-11M"), level, None, sides=tendon, age_this_year=age))
    return out


RULES: tuple[Rule, ...] = (
    Rule(
        "RF-3S",
        "Both tendons painful with long morning stiffness",
        "Both Achilles tendons painful with morning stiffness of 30 minutes or more (house "
        "default): inflammatory disease (e.g. spondyloarthritis) must be ruled out: pause "
        "training and see a clinician. Stays until a clinician has assessed you.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Standard practice (no primary source read): symptoms in both tendons or several "
        "joints without a training reason → see a clinician, systemic disease "
        "(both heels, morning stiffness, spondyloarthritis enthesitis). The 30-minute cut-off "
        "is the house's; no training load explains long bilateral stiffness.",
        thresholds=(("morning stiffness", "≥ 30 min (house)"), ("pain", "> 0 on both sides")),
    ),
    Rule(
        "RF-3P",
        "Both tendons at 4/10 or more",
        "Both Achilles tendons at 4/10 or more on the same day with no high training signal to "
        "explain it: see a clinician before training on (systemic disease).",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Standard practice (no primary source read) puts symptoms in both "
        "tendons without a training reason among the see-a-clinician signs; the 4/10 cut-off "
        "is the house's. Judged on today's check-ins: the training reason is today's signals.",
        thresholds=(("pain on both sides", "≥ 4/10 (house)"),),
    ),
    Rule(
        "RF-3",
        "Both tendons at once",
        "Pain above 2/10, swelling or redness in both Achilles tendons on the same day, with no "
        "high training signal to explain it: mention it to a clinician (inflammatory disease "
        "can cause this). A caution, not a stop.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Spec RF-3 (standard practice, no primary source read); a check-in cannot tell "
        "'without a training reason', so only a high training signal silences it.",
    ),
    Rule(
        "RF-11",
        "Heel pain while still growing",
        "Heel pain (at the insertion, or where it hurts was not said) in a runner who may be "
        "under 18: until the heel's growth plate fuses (15–17 years) heel pain is often "
        "calcaneal apophysitis (Sever's disease), not tendinopathy, and this program does not "
        "treat it: see a clinician first.",
        ("belikan2022", "wiegerinck2014"),
        verification="partly",
        area="red flags",
        notes="Age comes from the profile's birth year (turning 18 this year counts). Fusion "
        "at 15–17 and most cases at 8–15 from Belikan 2022's introduction; 3.7 per 1,000 "
        "children seen in general practice (Wiegerinck 2014). Firing on any heel or tendon "
        "symptom, not only pain located at the heel bone, is the house's: the location answer is "
        "optional, and a missed apophysitis costs more than one visit. Pain located in the "
        "tendon above the heel is RF-11M; a side a clinician has assessed is not screened again.",
        thresholds=(("age this year", "≤ 18"),),
    ),
    Rule(
        "RF-11M",
        "Tendon pain above the heel while still growing",
        "Pain in the tendon above the heel (or the calf) in a runner who may be under 18 is not "
        "Sever's disease, but the heel's growth plate may still be open until 15–17 years: a "
        "clinician should confirm it is the tendon. At 14 or younger see a clinician first; at "
        "15–17 run only modified until a clinician has confirmed it.",
        ("belikan2022",),
        verification="house",
        area="red flags",
        notes="Fusion at 15–17 from Belikan 2022's introduction; the levels by age (14 or "
        "younger: see a clinician; 15–17: modify until assessed) are the house's: Achilles "
        "tendinopathy is uncommon before the growth plate closes, and the loading program is "
        "written for adults.",
        thresholds=(("see a clinician", "age this year ≤ 14 (house)"),),
    ),
)

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = [
    "RULES",
    "bilateral_stiff_days",
    "both_sides_reasons",
    "growing_reasons",
    "may_be_under_18",
]
