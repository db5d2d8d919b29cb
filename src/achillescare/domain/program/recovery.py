"""The recovery week: the five recovery elements, dosed for the runner's phase and pain location.

1. symptom control and tendon loading (Silbernagel phase 1; then HSR, Alfredson or Silbernagel);
2. ankle mobility; 3. glute activation and strength; 4. movement correction; 5. return to running
(:mod:`achillescare.domain.program.return_to_run`). Insertional pain keeps everything at floor level and
leaves out work into dorsiflexion until phase 3 (Jonsson 2008; JAT 2020). Calf stretches come
late (phase 3, 4 when insertional): they help prevention, they do not fix pain (seed article).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from achillescare.domain.assessment.selftests import HOPS_TARGET, Leg, SelfTestResult, latest
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.program.plan import (
    Prescription,
    RunningWeek,
    Session,
    spread_days,
    week_days,
)
from achillescare.domain.program.protocols import (
    HSR_SESSIONS_PER_WEEK,
    Protocol,
    alfredson,
    hsr,
    silbernagel,
)
from achillescare.domain.program.return_to_run import leg_value
from achillescare.domain.risk.profile import RiskProfile

PROTOCOL_NAMES = {
    "hsr": "heavy slow resistance (Beyer 2015)",
    "alfredson": "eccentric (Alfredson 1998)",
    "silbernagel": "Silbernagel protocol (JAT 2020)",
}
PAIN_NOTE = (
    "Pain during these exercises may reach 5/10, must settle by the next morning, and must not "
    "rise from week to week (pain-monitoring model, Silbernagel 2007). Log each session as done, with its pain."
)
NO_JUMPS_NOTE = (
    "No skipping or jumps yet: they wait for the hop self-test (10 single-leg hops on the "
    "painful leg at pain ≤ 2/10; achilles selftest pain_free_hops)."
)
SYMPTOM_NOTE = (
    "Ice or anti-inflammatories only to settle swelling in the first days; they do not "
    "replace loading."
)


SINGLE_LEG_MIN_REPS = 5
"""House default: with fewer single-leg heel raises than this in the self-test, a set of them is
replaced by double-leg heel raises (an easier variant of the same exercise)."""


@dataclass(frozen=True, slots=True)
class Capacity:
    """What the runner's latest self-tests allow, on the painful leg (the weaker leg when none is
    marked): the single-leg heel-raise maximum (knee straight) and whether 10 single-leg hops at
    pain ≤ 2/10 were done. ``None`` = never tested."""

    heel_raise_max: float | None = None
    heel_raise_tested_on: date | None = None
    hops_passed: bool = False


def capacity(tests: Sequence[SelfTestResult], affected: Leg | None, as_of: date) -> Capacity:
    """The runner's :class:`Capacity` from the self-tests done on or before ``as_of``."""
    heel = latest(tests, "heel_raise_straight", as_of)
    hops = leg_value(latest(tests, "pain_free_hops", as_of), affected)
    return Capacity(
        heel_raise_max=leg_value(heel, affected),
        heel_raise_tested_on=heel.tested_on if heel else None,
        hops_passed=hops is not None and hops >= HOPS_TARGET,
    )


def within_capacity(
    prescriptions: Sequence[Prescription], fit: Capacity
) -> tuple[Prescription, ...]:
    """Never more single-leg heel raises per set than the runner's tested maximum (rule
    PROG-CAPACITY): the set is capped at that maximum, or, under
    :data:`SINGLE_LEG_MIN_REPS`, turned into double-leg heel raises. Untested: unchanged."""
    top = fit.heel_raise_max
    if top is None:
        return tuple(prescriptions)
    out: list[Prescription] = []
    tested = (
        f"your heel-raise self-test of {fit.heel_raise_tested_on}: {top:.0f} on the painful leg"
    )
    for item in prescriptions:
        if item.exercise_id != "single_leg_heel_raise" or item.reps is None or item.reps <= top:
            out.append(item)
        elif top >= SINGLE_LEG_MIN_REPS:
            reps = int(top)
            variant = f"{item.variant}; " if item.variant else ""
            out.append(
                replace(
                    item,
                    reps=reps,
                    variant=f"{variant}{reps} per set, not {item.reps}: no more than {tested}",
                    why=f"{item.why}; capped at your tested maximum (PROG-CAPACITY)",
                )
            )
        else:
            out.append(
                replace(
                    item,
                    exercise_id="double_leg_heel_raise",
                    variant=f"both legs instead of one: {tested}, fewer than "
                    f"{SINGLE_LEG_MIN_REPS}; retest, single-leg comes back when you manage more",
                    why=f"{item.why}; easier variant within your tested capacity (PROG-CAPACITY)",
                )
            )
    return tuple(out)


def core_prescriptions(
    phase: int, protocol: Protocol, core_week: int, insertional: bool, extra_load_kg: float
) -> tuple[Prescription, ...]:
    """The tendon-loading exercises of one session."""
    if phase == 1 or phase >= 4 or protocol == "silbernagel":
        why = f"Recovery element 1, phase {phase}: tendon loading (Silbernagel protocol, JAT 2020)"
        return silbernagel(phase, insertional, extra_load_kg, why)
    why = f"Recovery element 1, phase {phase}: tendon loading, {PROTOCOL_NAMES[protocol]}, week {core_week}"
    if protocol == "hsr":
        return hsr(core_week, insertional, why)
    return alfredson(insertional, extra_load_kg, why)


def core_days(
    phase: int, protocol: Protocol, week_start: date, running_week: RunningWeek
) -> tuple[date, ...]:
    """Daily for Silbernagel phases 1–3 and Alfredson; 3 a week for HSR and the phase-4
    maintenance, never the day before a long run or hard session."""
    days = week_days(week_start)
    if phase < 4 and (phase == 1 or protocol != "hsr"):
        return days
    allowed = [d for d in days if not running_week.before_long_or_hard(d)]
    return spread_days(allowed or days, HSR_SESSIONS_PER_WEEK)


def _why(element: str, factor: str, risk: RiskProfile | None) -> str:
    text = f"Recovery element {element}"
    if risk is not None and risk.status_of(factor) == "present":
        text += f"; answers your risk factor '{factor.replace('_', ' ')}'"
    return text


def accessory_prescriptions(
    phase: int,
    insertional: bool,
    risk: RiskProfile | None,
    full: bool,
    hops_passed: bool = False,
) -> tuple[Prescription, ...]:
    """Mobility, glutes and movement correction for one accessory day (``full`` = heavy or jump
    work allowed, i.e. not the day before a long run or hard session). Skipping and box jumps
    need a passed hop self-test (``hops_passed``: 10 single-leg hops at pain ≤ 2/10)."""
    out: list[Prescription] = []
    mobility = _why("2: ankle mobility", "dorsiflexion", risk)
    if phase >= 2 and not (insertional and phase <= 2):
        out.append(Prescription("knee_to_wall_mobilisation", 2, 10, why=mobility))
        if risk is not None and risk.status_of("dorsiflexion") == "present":
            out.append(Prescription("banded_ankle_mobilisation", 2, 10, why=mobility))
    if phase >= 4 or (phase == 3 and not insertional):
        out += [
            Prescription("calf_stretch_straight", 2, seconds=30, why=mobility),
            Prescription("calf_stretch_bent", 2, seconds=30, why=mobility),
        ]
    glutes = _why("3: glute activation and strength", "glute_strength", risk)
    if phase <= 2:
        out += [
            Prescription("glute_bridge", 3, 12, why=glutes),
            Prescription("side_lying_hip_abduction", 3, 15, why=glutes),
        ]
    else:
        out += [
            Prescription("single_leg_bridge", 3, 10, why=glutes),
            Prescription(
                "hip_thrust", 3, 10, load="a weight you could lift 12–15 times", why=glutes
            ),
            Prescription(
                "romanian_deadlift", 3, 8, load="a weight you could lift 10–12 times", why=glutes
            ),
        ]
    if phase >= 2 and (risk is None or risk.status_of("movement_quality") != "absent"):
        out.append(
            Prescription(
                "step_down_control",
                3,
                10,
                variant="each leg, slow, in front of a mirror",
                why=_why("4: movement correction", "movement_quality", risk),
            )
        )
    if full and phase == 3 and hops_passed:
        out.append(
            Prescription("skipping", 3, seconds=20, why="Phase 3: plyometric training (JAT 2020)")
        )
    if full and phase >= 4 and hops_passed:
        out.append(
            Prescription(
                "box_jump",
                3,
                5,
                variant="low box, step down",
                why="Phase 4: plyometrics toward running and jumping",
            )
        )
    return tuple(out)


def recovery_sessions(
    *,
    week_start: date,
    phase: int,
    protocol: Protocol,
    core_week: int,
    insertional: bool,
    extra_load_kg: float,
    running_week: RunningWeek,
    risk: RiskProfile | None,
    fit: Capacity | None = None,
) -> tuple[Session, ...]:
    """One recovery session on each day that has tendon loading or accessory work, dosed within
    the runner's tested capacity (``fit``; untested = the protocol's dose)."""
    fit = fit or Capacity()
    loading_days = set(core_days(phase, protocol, week_start, running_week))
    days = week_days(week_start)
    allowed = [d for d in days if not running_week.before_long_or_hard(d)]
    accessory_days = set(spread_days(allowed or days, 3, prefer=sorted(loading_days)))
    sessions: list[Session] = []
    for day in days:
        exercises: list[Prescription] = []
        if day in loading_days:
            exercises += within_capacity(
                core_prescriptions(phase, protocol, core_week, insertional, extra_load_kg), fit
            )
        if day in accessory_days:
            exercises += accessory_prescriptions(
                phase,
                insertional,
                risk,
                full=not running_week.before_long_or_hard(day),
                hops_passed=fit.hops_passed,
            )
        if not exercises:
            continue
        notes = [PAIN_NOTE] + ([SYMPTOM_NOTE] if phase == 1 else [])
        if phase >= 3 and not fit.hops_passed and day in accessory_days:
            notes.append(NO_JUMPS_NOTE)
        if insertional:
            notes.append(
                "Insertional pain: stay on flat floor, no heel drops below floor level "
                "(Jonsson 2008)."
            )
        sessions.append(
            Session(
                day, "recovery", f"Recovery phase {phase}", tuple(exercises), notes=tuple(notes)
            )
        )
    return tuple(sessions)


RULES: tuple[Rule, ...] = (
    Rule(
        "PROG-CAPACITY",
        "Dosed within the tested capacity",
        "Never more single-leg heel raises per set than the painful leg managed in the latest "
        "heel-raise self-test: the set is capped at that number, or, under 5 (a house default), "
        "replaced by double-leg heel raises. Skipping and jumps wait for 10 single-leg hops at "
        "pain ≤ 2/10 in the hop self-test (house gate).",
        ("silbernagel2020", "house"),
        "house",
        "programs",
        notes="JAT 2020 starts plyometrics in phase 3 but gives no hop criterion; the cap and the "
        "hop gate are our own safety rules. The cap reads the knee-straight test and applies to "
        "full single-leg heel raises; eccentric heel drops (rise on both legs, lower on one) and "
        "RM-dosed heavy slow resistance are already within capacity by design and are not "
        "capped.",
        thresholds=(("single_leg_min_reps", "5"), ("hops", "10"), ("hop_pain_max", "2")),
    ),
)
