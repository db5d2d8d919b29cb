"""The runner's risk profile: every factor the seed article and the guideline name, measured where
we can, each with its finding, why it matters, how strong the evidence is, and which exercises in
the program answer it.

Factors are *associated with* Achilles tendinopathy, not causes (van der Vlist 2019: 10 cohort
studies, all at high risk of bias). The 2018 CPG (Martin et al.) lists the intrinsic factors; its
grades could not be read (only its title page was available), so no grade letter is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from achillescare.domain.activity.cadence import CadenceClue
from achillescare.domain.assessment.selftests import (
    HEEL_RAISE_RETURN_REPS,
    SelfTestResult,
    interpret,
    latest,
)
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.load.signal import Signal
from achillescare.domain.risk.history import (
    CPG_NOTE,
    FactorStatus,
    RiskFactor,
    RunnerHistory,
    clinician_factors,
    history_factors,
)
from achillescare.domain.units import Units

PREVENTION_SESSIONS_14D_MIN = 4
"""Fewer than 4 prevention sessions in 14 days is under the article's 2–3 a week (house line)."""

CALF_IDS = (
    "eccentric_heel_drop_straight",
    "eccentric_heel_drop_bent",
    "heavy_slow_calf_raise_standing",
    "heavy_slow_calf_raise_seated",
    "single_leg_heel_raise",
)
MOBILITY_IDS = (
    "knee_to_wall_mobilisation",
    "banded_ankle_mobilisation",
    "calf_stretch_straight",
    "calf_stretch_bent",
)
GLUTE_IDS = (
    "glute_bridge",
    "single_leg_bridge",
    "side_lying_hip_abduction",
    "hip_thrust",
    "romanian_deadlift",
    "kettlebell_swing",
)
MOVEMENT_IDS = ("step_down_control", "cadence_drill", "bulgarian_split_squat")
PREVENTION_IDS = (
    "eccentric_heel_drop_straight",
    "eccentric_heel_drop_bent",
    "romanian_deadlift",
    "hip_thrust",
    "calf_stretch_straight",
    "calf_stretch_bent",
    "bulgarian_split_squat",
    "box_jump",
)


@dataclass(frozen=True, slots=True)
class RiskProfile:
    as_of: date
    factors: tuple[RiskFactor, ...]

    def present(self) -> tuple[RiskFactor, ...]:
        return tuple(f for f in self.factors if f.status == "present")

    def status_of(self, factor_id: str) -> FactorStatus:
        for factor in self.factors:
            if factor.id == factor_id:
                return factor.status
        return "unknown"

    def to_json(self) -> dict[str, object]:
        return {"as_of": self.as_of.isoformat(), "factors": [f.to_json() for f in self.factors]}


def _training(signals: Sequence[Signal]) -> RiskFactor:
    known = [
        s
        for s in signals
        if s.status not in ("insufficient_data", "unknown") and s.id != "prevention_sessions_14d"
    ]
    raised = [s for s in known if s.status in ("caution", "high")]
    if not known:
        status: FactorStatus = "unknown"
        finding = "Not enough imported runs to judge your training load yet."
    elif raised:
        status = "present"
        finding = " ".join(s.explanation for s in raised)
    else:
        status = "absent"
        finding = "Your recent training load shows no spike or sharp rise."
    return RiskFactor(
        "training_load",
        "Training load",
        status,
        finding,
        "Training errors are reported in 60–80 % of runners who develop Achilles tendinopathy; a "
        "single run much longer than your longest of the last 30 days is the best-supported signal.",
        "Cohort evidence for single-run spikes (Frandsen 2025); week-to-week and ACWR signals are "
        "weak context only.",
        ("frandsen2025", "silbernagel2015"),
        ("walk_run_intervals",),
        "RISK-TRAINING",
    )


def _dorsiflexion(tests: Sequence[SelfTestResult], as_of: date) -> RiskFactor:
    result = latest(tests, "knee_to_wall", as_of)
    if result is None:
        status: FactorStatus = "unknown"
        finding = "Not tested yet: do the knee-to-wall test (achilles selftest knee_to_wall)."
    else:
        found = interpret(result)
        status = "present" if found.flagged else "absent"
        finding = " ".join(found.messages) or (
            f"Knee-to-wall {result.left or 0:.1f} cm left, {result.right or 0:.1f} cm right: "
            "no limit or asymmetry."
        )
    return RiskFactor(
        "dorsiflexion",
        "Ankle dorsiflexion",
        status,
        finding,
        "Limited ankle dorsiflexion, especially at peak knee bend in stance, is listed as an "
        "intrinsic risk factor; the calf-tendon unit then works at a disadvantage.",
        "Listed by the Achilles CPG (Martin 2018; grade not confirmed); no validated cut-off.",
        ("martin2018", "chisholm2012"),
        MOBILITY_IDS,
        "RISK-DF",
    )


def _calf(tests: Sequence[SelfTestResult], as_of: date, sex: str | None) -> RiskFactor:
    results = [
        r
        for r in (latest(tests, t, as_of) for t in ("heel_raise_straight", "heel_raise_bent"))
        if r
    ]
    if not results:
        status: FactorStatus = "unknown"
        finding = "Not tested yet: do the single-leg heel-raise tests."
    else:
        messages: list[str] = []
        for result in results:
            found = interpret(result, sex)
            messages.extend(found.messages)
            weakest = (
                min(v for v in (result.left, result.right) if v is not None)
                if (result.left is not None or result.right is not None)
                else None
            )
            if weakest is not None and weakest < HEEL_RAISE_RETURN_REPS and not found.flagged:
                messages.append(
                    f"{weakest:.0f} reps on the weaker leg is under the ~{HEEL_RAISE_RETURN_REPS} "
                    "reps runners usually aim for (convention)."
                )
        status = "present" if messages else "absent"
        finding = " ".join(messages) or "Calf endurance is at the norm and even between legs."
    return RiskFactor(
        "calf_endurance",
        "Calf endurance and asymmetry",
        status,
        finding,
        "Reduced plantar-flexor strength loads the tendon closer to its limit on every step.",
        "Listed by the CPG (Martin 2018; grade not confirmed); limited evidence for decreased "
        "plantar-flexor strength (van der Vlist 2019).",
        ("martin2018", "vandervlist2019", "heberlosier2017"),
        CALF_IDS,
        "RISK-CALF",
    )


def _glutes(tests: Sequence[SelfTestResult], as_of: date) -> RiskFactor:
    bridge = latest(tests, "single_leg_bridge", as_of)
    step = latest(tests, "step_down_quality", as_of)
    messages: list[str] = []
    if bridge is not None:
        messages.extend(interpret(bridge).messages)
    if step is not None and (
        "pelvis_drop" in step.left_faults or "pelvis_drop" in step.right_faults
    ):
        messages.append("The pelvis drops on the step-down test, a sign of weak hip abductors.")
    if bridge is None and step is None:
        status: FactorStatus = "unknown"
        finding = "Not tested yet: do the single-leg bridge and step-down tests."
    else:
        status = "present" if messages else "absent"
        finding = " ".join(messages) or "Bridge endurance even between legs; no pelvis drop."
    return RiskFactor(
        "glute_strength",
        "Glute strength",
        status,
        finding,
        "Weak or poorly activated glutes shift work to the knee and ankle (expert opinion).",
        "Expert opinion; no validated home test for the glutes.",
        ("house", "freckleton2014"),
        GLUTE_IDS,
        "RISK-GLUTE",
    )


def _movement(
    tests: Sequence[SelfTestResult], as_of: date, cadence: CadenceClue | None, units: Units
) -> RiskFactor:
    step = latest(tests, "step_down_quality", as_of)
    messages: list[str] = []
    if step is not None:
        messages.extend(interpret(step).messages)
    if step is None:
        status: FactorStatus = "unknown"
        finding = "Not tested yet: do the step-down test."
    else:
        status = "present" if messages else "absent"
        finding = (
            ("Step-down faults: " + " ".join(messages))
            if messages
            else "Step-down control looks good."
        )
    if cadence is not None:
        finding += " " + cadence.describe(units)
    return RiskFactor(
        "movement_quality",
        "Movement quality",
        status,
        finding,
        "Knee drifting in, pelvis dropping and trunk lean change how load reaches the tendon.",
        "Limited evidence for altered gait patterns (van der Vlist 2019); cadence is a clue "
        "(Heiderscheit 2011).",
        ("vandervlist2019", "heiderscheit2011"),
        MOVEMENT_IDS,
        "RISK-MOVEMENT",
    )


def _prevention(signals: Sequence[Signal], prevention_sessions_14d: int | None) -> RiskFactor:
    count = prevention_sessions_14d
    if count is None:
        for signal in signals:
            if signal.id == "prevention_sessions_14d" and signal.value is not None:
                count = int(signal.value)
    if count is None:
        status: FactorStatus = "unknown"
        finding = "No prevention sessions logged yet."
    elif count < PREVENTION_SESSIONS_14D_MIN:
        status = "present"
        finding = f"{count} prevention sessions in the last 14 days; aim for 2–3 a week."
    else:
        status = "absent"
        finding = f"{count} prevention sessions in the last 14 days."
    return RiskFactor(
        "prevention_missing",
        "Missing prevention work",
        status,
        finding,
        "Undertraining the calf and tendon (no prevention work) leaves little reserve; the best "
        "prevention is to answer early minor symptoms with load control.",
        "Expert opinion (Silbernagel 2020 key points); 4 sessions in 14 days is AchillesCare's own line.",
        ("silbernagel2020", "house"),
        PREVENTION_IDS,
        "RISK-PREVENTION",
    )


def risk_profile(
    as_of: date,
    signals: Sequence[Signal],
    tests: Sequence[SelfTestResult],
    history: RunnerHistory,
    *,
    prevention_sessions_14d: int | None = None,
    cadence: CadenceClue | None = None,
    sex: str | None = None,
    units: Units = Units.KM,
) -> RiskProfile:
    """The runner's risk profile as of ``as_of``: measured factors first, then those only a
    clinician can assess."""
    return RiskProfile(
        as_of,
        (
            _training(signals),
            _dorsiflexion(tests, as_of),
            _calf(tests, as_of, sex),
            _glutes(tests, as_of),
            _movement(tests, as_of, cadence, units),
            _prevention(signals, prevention_sessions_14d),
            *history_factors(history),
            *clinician_factors(),
        ),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "RISK-TRAINING",
        "Training load factor",
        "Present when any load signal is at caution or high; its explanation is the finding.",
        ("frandsen2025", "silbernagel2015"),
        "partly",
        "risk",
        notes="Which load signals count is our own composition; the papers back single signals, "
        "not this combination.",
    ),
    Rule(
        "RISK-DF",
        "Dorsiflexion factor",
        "Present when knee-to-wall is limited (< 10 cm, convention) or asymmetric (> 1.5 cm).",
        ("martin2018", "chisholm2012"),
        "partly",
        "risk",
        notes=CPG_NOTE,
    ),
    Rule(
        "RISK-CALF",
        "Calf endurance factor",
        "Present when heel raises are > 6 reps under the sex median, LSI < 90 %, or the weaker leg "
        "is under ~25 reps.",
        ("martin2018", "vandervlist2019", "heberlosier2017"),
        "partly",
        "risk",
        notes=CPG_NOTE,
    ),
    Rule(
        "RISK-GLUTE",
        "Glute strength factor",
        "Present when the single-leg bridge is asymmetric (< 90 %) or the pelvis drops on the "
        "step-down.",
        ("house", "freckleton2014"),
        "house",
        "risk",
    ),
    Rule(
        "RISK-MOVEMENT",
        "Movement quality factor",
        "Present when the step-down test shows any fault; cadence is added as a clue.",
        ("vandervlist2019", "heiderscheit2011"),
        "partly",
        "risk",
    ),
    Rule(
        "RISK-PREVENTION",
        "Missing prevention work",
        "Present with fewer than 4 prevention sessions in the last 14 days (2–3 a week advised).",
        ("silbernagel2020", "house"),
        "house",
        "risk",
        thresholds=(("sessions_14d_min", "4"),),
    ),
)


__all__ = ["FactorStatus", "RiskFactor", "RiskProfile", "RunnerHistory", "risk_profile"]
