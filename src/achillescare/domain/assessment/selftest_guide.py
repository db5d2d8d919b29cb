"""How to do each self-test at home, step by step, in plain words (both legs).

The protocols follow the studies whose norms :mod:`achillescare.domain.assessment.selftests` compares
against: knee-to-wall (Bennell 1998 method, Chisholm 2012 error), heel raises to a 30/min beat
(Hébert-Losier 2017), single-leg bridge (Freckleton 2014), VISA-A item 6 hops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from achillescare.domain.assessment.selftests import TestId


@dataclass(frozen=True, slots=True)
class SelfTestSpec:
    """How to do one self-test, in plain words, and what it measures."""

    id: TestId
    name: str
    measures: str
    unit: Literal["cm", "reps", "faults", "hops"]
    steps: tuple[str, ...]
    sources: tuple[str, ...]


SELF_TESTS: dict[TestId, SelfTestSpec] = {
    spec.id: spec
    for spec in (
        SelfTestSpec(
            "knee_to_wall",
            "Knee-to-wall (weight-bearing lunge)",
            "ankle dorsiflexion",
            "cm",
            (
                "Take your shoes off. Put a tape measure on the floor at right angles to a wall.",
                "Stand facing the wall with the test foot on the tape, big toe a few cm from the wall.",
                "Keep the heel down and bend the knee forward until it touches the wall.",
                "Move the foot back a little at a time until the knee only just touches the wall "
                "with the heel still flat on the floor.",
                "Read the distance from the tip of the big toe to the wall in cm.",
                "Do it three times, keep the best, then test the other leg the same way.",
            ),
            ("chisholm2012",),
        ),
        SelfTestSpec(
            "heel_raise_straight",
            "Single-leg heel raises, knee straight",
            "calf endurance (gastrocnemius emphasis)",
            "reps",
            (
                "Barefoot, stand on one leg with the knee straight; fingertips on a wall for "
                "balance only.",
                "Rise as high as you can, then lower, to a beat of 30 raises a minute "
                "(1 s up, 1 s down; a metronome app helps).",
                "Count the raises until you cannot keep the height, the rhythm, or pain goes "
                "above 5/10 — then stop.",
                "Rest two minutes and test the other leg. Write down both counts.",
            ),
            ("heberlosier2017",),
        ),
        SelfTestSpec(
            "heel_raise_bent",
            "Single-leg heel raises, knee bent",
            "calf endurance (soleus emphasis)",
            "reps",
            (
                "As the straight-knee test, but keep the knee bent about 30–45° the whole time.",
                "Rise as high as you can to a beat of 30 a minute; stop at loss of height or rhythm, "
                "or when pain goes above 5/10.",
                "Test both legs and write down both counts.",
            ),
            ("heberlosier2017",),
        ),
        SelfTestSpec(
            "single_leg_bridge",
            "Single-leg bridge",
            "posterior-chain endurance",
            "reps",
            (
                "Lie on your back, one heel on a chair or step about 60 cm high, knee slightly bent; "
                "the other leg points straight up.",
                "Push through the heel to lift the hips until they are level, then lower to touch "
                "the floor. That is one repetition.",
                "Count repetitions until you cannot lift the hips fully; then test the other leg.",
                "There is no pass mark: we watch your change over time and the difference between "
                "legs.",
            ),
            ("freckleton2014",),
        ),
        SelfTestSpec(
            "step_down_quality",
            "Single-leg step-down quality",
            "hip and knee control",
            "faults",
            (
                "Stand on one leg on a low step (about 20 cm), facing a mirror or with a phone "
                "filming from the front.",
                "Slowly lower the other heel to touch the floor in front and come back up, 5 times.",
                "Watch for: the knee drifting inwards, the pelvis dropping on the free side, the "
                "trunk leaning sideways, losing balance.",
                "Note every fault you see, for each leg.",
            ),
            ("house",),
        ),
        SelfTestSpec(
            "pain_free_hops",
            "Single-leg hops at pain ≤ 2/10",
            "tendon tolerance to hopping",
            "hops",
            (
                "Only if you can already do 10 single-leg heel raises without pain above 5/10.",
                "Stand on one leg and hop in place, up to 10 times, small quick hops.",
                "Stop at the first hop that hurts more than 2/10; count the hops before it.",
                "Test the other leg. Write down both counts (0–10).",
            ),
            ("robinson2001",),
        ),
    )
}
