"""Body self-tests a runner does at home, both legs, and what their numbers mean.

Each test has plain step-by-step instructions
(:data:`achillescare.domain.assessment.selftest_guide.SELF_TESTS`); a result
(:class:`SelfTestResult`) is interpreted against the published norms and measurement error
(:func:`interpret`), compared with an earlier result (:func:`change_between`), and due for a
retest after :data:`RETEST_EVERY_DAYS` (:func:`retests_due`). Numbers come from
Chisholm 2012 (knee-to-wall), Hébert-Losier 2017 (heel raises),
Freckleton 2014 (bridge: no norm), VISA-A item 6 (hops). Watch cadence lives in
:mod:`achillescare.domain.activity.cadence`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, get_args

from achillescare.domain.evidence.rules import Rule
from achillescare.errors import InvalidInput

Leg = Literal["left", "right"]
LEGS: tuple[Leg, ...] = ("left", "right")
TestId = Literal[
    "knee_to_wall",
    "heel_raise_straight",
    "heel_raise_bent",
    "single_leg_bridge",
    "step_down_quality",
    "pain_free_hops",
]
TEST_IDS: tuple[TestId, ...] = get_args(TestId)
StepDownFault = Literal["knee_in", "pelvis_drop", "trunk_lean", "loss_of_balance"]
STEP_DOWN_FAULTS: tuple[StepDownFault, ...] = (
    "knee_in",
    "pelvis_drop",
    "trunk_lean",
    "loss_of_balance",
)

KTW_ASYMMETRY_CM = 1.5
"""Between-leg knee-to-wall difference above this is beyond measurement error (Chisholm 2012)."""
KTW_CHANGE_CM = 1.0
"""Minimal detectable change of one leg's knee-to-wall distance (Chisholm 2012)."""
KTW_LIMITED_CM = 10.0
"""House convention, not a validated cut-off: below ~10 cm is called limited."""
HEEL_RAISE_MEDIAN = {"male": 24, "female": 21}
"""Median single-leg heel raises to fatigue, 10° incline (Hébert-Losier 2017)."""
HEEL_RAISE_NOISE_REPS = 6
"""95 % limits of agreement, test–retest, about ±6 reps (Hébert-Losier 2017)."""
HEEL_RAISE_RETURN_REPS = 25
"""Common return-to-run target (club/clinic convention, not trial-validated)."""
LSI_TARGET_PCT = 90.0
"""Usual limb-symmetry target (return-to-sport convention)."""
HOPS_TARGET = 10
HOP_PAIN_GREEN = 2
"""A hop counts up to 2/10 pain (the pain-monitoring model's safe zone; not "pain-free", which is 0/10)."""
RETEST_EVERY_DAYS = 14
"""House default: retest every 2 weeks (2–4 weeks is the usual clinical interval)."""


@dataclass(frozen=True, slots=True)
class SelfTestResult:
    """One test on one day, both legs. ``left``/``right`` are cm, reps or hops in the test's unit;
    for the step-down test they are the number of faults seen, listed in ``*_faults``.
    ``affected`` is the painful leg (None when neither or both)."""

    test: TestId
    tested_on: date
    left: float | None
    right: float | None
    affected: Leg | None = None
    left_faults: tuple[StepDownFault, ...] = ()
    right_faults: tuple[StepDownFault, ...] = ()
    pain_max: int | None = None
    notes: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        for value in (self.left, self.right):
            if value is not None and value < 0:
                raise InvalidInput(f"{self.test}: a result cannot be negative")
        if self.test == "pain_free_hops":
            for value in (self.left, self.right):
                if value is not None and value > HOPS_TARGET:
                    raise InvalidInput("pain-free hops are counted up to 10")
        if self.pain_max is not None and not 0 <= self.pain_max <= 10:
            raise InvalidInput("pain is rated 0–10")

    def value(self, leg: Leg) -> float | None:
        return self.left if leg == "left" else self.right


@dataclass(frozen=True, slots=True)
class TestFinding:
    """What a result means: ``flags`` are short codes, ``messages`` plain sentences with sources."""

    test: TestId
    tested_on: date
    flags: tuple[str, ...]
    messages: tuple[str, ...]
    lsi_pct: float | None
    rule_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def other_leg(leg: Leg) -> Leg:
    return "right" if leg == "left" else "left"


def lsi(affected: float | None, other: float | None) -> float | None:
    """Limb symmetry index, % = affected ÷ other × 100 (Silbernagel 2009 definition); None when
    either side is missing or the other side is zero."""
    if affected is None or other is None or other <= 0:
        return None
    return affected / other * 100.0


def result_lsi(result: SelfTestResult) -> float | None:
    """LSI of a result: affected ÷ other when a leg is marked affected, else weaker ÷ stronger."""
    if result.left is None or result.right is None:
        return None
    if result.affected is not None:
        return lsi(result.value(result.affected), result.value(other_leg(result.affected)))
    return lsi(min(result.left, result.right), max(result.left, result.right))


def interpret(result: SelfTestResult, sex: str | None = None) -> TestFinding:
    """Flags and sentences for one result (rules ST-*)."""
    flags: list[str] = []
    messages: list[str] = []
    rules: list[str] = []
    index = result_lsi(result)
    if result.test == "knee_to_wall":
        for leg in LEGS:
            value = result.value(leg)
            if value is not None and value < KTW_LIMITED_CM:
                flags.append(f"limited_{leg}")
                messages.append(
                    f"{leg.title()} knee-to-wall {value:.1f} cm is under {KTW_LIMITED_CM:.0f} cm: "
                    "limited by a clinical convention (no validated cut-off)."
                )
                rules.append("ST-KTW-LIMITED")
        if result.left is not None and result.right is not None:
            gap = abs(result.left - result.right)
            if gap > KTW_ASYMMETRY_CM:
                flags.append("asymmetry")
                messages.append(
                    f"The legs differ by {gap:.1f} cm, more than the {KTW_ASYMMETRY_CM} cm "
                    "measurement error (Chisholm 2012)."
                )
                rules.append("ST-KTW-ASYM")
    elif result.test in ("heel_raise_straight", "heel_raise_bent"):
        median = HEEL_RAISE_MEDIAN.get(sex or "")
        for leg in LEGS:
            value = result.value(leg)
            if value is None:
                continue
            if median is not None and value < median - HEEL_RAISE_NOISE_REPS:
                flags.append(f"below_norm_{leg}")
                messages.append(
                    f"{leg.title()} {value:.0f} reps is below the {sex} median of {median} "
                    f"by more than the ±{HEEL_RAISE_NOISE_REPS}-rep test noise (Hébert-Losier 2017)."
                )
                rules.append("ST-HR-NORM")
        if index is not None and index < LSI_TARGET_PCT:
            flags.append("asymmetry")
            messages.append(
                f"Limb symmetry {index:.0f} % is under the usual {LSI_TARGET_PCT:.0f} % target."
            )
            rules.append("ST-LSI")
    elif result.test == "single_leg_bridge":
        if index is not None and index < LSI_TARGET_PCT:
            flags.append("asymmetry")
            messages.append(
                f"Bridge symmetry {index:.0f} %: one side tires sooner. No norm exists for this test "
                "(Freckleton 2014); we track change and the difference between legs."
            )
            rules.append("ST-BRIDGE")
    elif result.test == "step_down_quality":
        for leg, faults in (("left", result.left_faults), ("right", result.right_faults)):
            if faults:
                flags.append(f"faults_{leg}")
                messages.append(
                    f"{leg.title()} leg: " + ", ".join(f.replace("_", " ") for f in faults) + "."
                )
                rules.append("ST-STEPDOWN")
    else:  # pain_free_hops
        for leg in LEGS:
            value = result.value(leg)
            if value is not None and value < HOPS_TARGET:
                flags.append(f"hops_{leg}")
                messages.append(
                    f"{leg.title()} leg: {value:.0f} of 10 hops without pain above 2/10."
                )
                rules.append("ST-HOPS")
    return TestFinding(
        result.test,
        result.tested_on,
        tuple(flags),
        tuple(messages),
        index,
        tuple(dict.fromkeys(rules)),
    )


@dataclass(frozen=True, slots=True)
class Change:
    """The change of one leg between two results, and whether it is beyond test noise."""

    leg: Leg
    before: float
    after: float
    beyond_noise: bool

    @property
    def delta(self) -> float:
        return self.after - self.before


def change_between(before: SelfTestResult, after: SelfTestResult) -> tuple[Change, ...]:
    """Per-leg change from ``before`` to ``after`` (same test). Heel raises: a change under 7 reps
    is within the ±6-rep noise (Hébert-Losier 2017); knee-to-wall: ≥ 1.0 cm is real (Chisholm
    2012); other tests have no published error, so any change counts."""
    if before.test != after.test:
        raise ValueError("compare results of the same test")
    changes: list[Change] = []
    for leg in LEGS:
        a, b = before.value(leg), after.value(leg)
        if a is None or b is None:
            continue
        if before.test in ("heel_raise_straight", "heel_raise_bent"):
            beyond = abs(b - a) > HEEL_RAISE_NOISE_REPS
        elif before.test == "knee_to_wall":
            beyond = abs(b - a) >= KTW_CHANGE_CM
        else:
            beyond = b != a
        changes.append(Change(leg, a, b, beyond))
    return tuple(changes)


def latest(
    results: Iterable[SelfTestResult], test: TestId, as_of: date | None = None
) -> SelfTestResult | None:
    """The most recent result of ``test`` on or before ``as_of``."""
    chosen: SelfTestResult | None = None
    for result in results:
        if result.test != test or (as_of is not None and result.tested_on > as_of):
            continue
        if chosen is None or (result.tested_on, result.id or 0) >= (
            chosen.tested_on,
            chosen.id or 0,
        ):
            chosen = result
    return chosen


@dataclass(frozen=True, slots=True)
class RetestReminder:
    test: TestId
    last_tested_on: date | None
    due_on: date


def retests_due(
    results: Sequence[SelfTestResult], today: date, every_days: int = RETEST_EVERY_DAYS
) -> tuple[RetestReminder, ...]:
    """Tests never done, or last done ``every_days`` or more ago (house default 14 days)."""
    reminders: list[RetestReminder] = []
    for test in TEST_IDS:
        last = latest(results, test, today)
        if last is None:
            reminders.append(RetestReminder(test, None, today))
        elif last.tested_on + timedelta(days=every_days) <= today:
            reminders.append(
                RetestReminder(test, last.tested_on, last.tested_on + timedelta(days=every_days))
            )
    return tuple(reminders)


RULES: tuple[Rule, ...] = (
    Rule(
        "ST-KTW-ASYM",
        "Knee-to-wall asymmetry",
        "A between-leg knee-to-wall difference above 1.5 cm is beyond measurement error; a change "
        "of one leg by 1.0 cm or more is real.",
        ("chisholm2012",),
        "verified",
        "self-tests",
        thresholds=(("asymmetry_cm", "1.5"), ("change_cm", "1.0")),
    ),
    Rule(
        "ST-KTW-LIMITED",
        "Knee-to-wall under 10 cm",
        "Under 10 cm is shown as limited dorsiflexion, labelled as a clinical convention.",
        ("house",),
        "house",
        "self-tests",
        notes="No validated cut-off was found (Chisholm et al. 2012 give reliability, not a cut-off); < 9–10 cm is the convention in use.",
        thresholds=(("limited_cm", "10"),),
    ),
    Rule(
        "ST-HR-NORM",
        "Heel-raise endurance norm",
        "Single-leg heel raises to fatigue: median 24 (men) and 21 (women) on a 10° incline; a "
        "leg more than 6 reps under the median is flagged; a change under 7 reps is within noise.",
        ("heberlosier2017",),
        "verified",
        "self-tests",
        notes="Test–retest 95 % limits of agreement about ±6 reps. Our home test is on flat floor, "
        "where counts run a little higher (Lunsford & Perry 1995 mean 27.9).",
        thresholds=(("median_men", "24"), ("median_women", "21"), ("noise_reps", "6")),
    ),
    Rule(
        "ST-LSI",
        "Limb symmetry index",
        "LSI = affected ÷ other × 100; under 90 % is flagged. With no affected leg, weaker ÷ "
        "stronger.",
        ("silbernagel2020",),
        "partly",
        "self-tests",
        notes="The formula is Silbernagel's; 90 % is the usual return-to-sport convention (the "
        "Silbernagel 2006 cut-off was not read).",
        thresholds=(("lsi_target_pct", "90"),),
    ),
    Rule(
        "ST-BRIDGE",
        "Single-leg bridge: change and asymmetry only",
        "The single-leg bridge has no pass mark; only its change and the side-to-side difference "
        "are shown.",
        ("freckleton2014",),
        "verified",
        "self-tests",
        notes="Freckleton 2014 is a hamstring bridge in footballers; '< 20 poor' is folklore.",
    ),
    Rule(
        "ST-STEPDOWN",
        "Step-down quality checklist",
        "Knee drifting in, pelvis dropping, trunk leaning, loss of balance: recorded per leg as "
        "seen, no score.",
        ("house",),
        "house",
        "self-tests",
        notes="No normative values found in the literature searched.",
    ),
    Rule(
        "ST-HOPS",
        "Single-leg hops at pain ≤ 2/10",
        "Up to 10 single-leg hops, each with pain ≤ 2/10; fewer than 10 is flagged.",
        ("robinson2001",),
        "partly",
        "self-tests",
        notes="VISA-A item 6 counts hops 'without pain'; our ≤ 2/10 line is the safe zone of the "
        "pain-monitoring model (the test keeps its id pain_free_hops).",
        thresholds=(("hops", "10"), ("pain_green", "2")),
    ),
    Rule(
        "ST-RETEST",
        "Retest every two weeks",
        "Each self-test is due again 14 days after it was last done.",
        ("house",),
        "house",
        "self-tests",
        thresholds=(("retest_days", "14"),),
    ),
)
