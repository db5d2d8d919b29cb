"""The prevention program: the seed article's four blocks, 2–3 short sessions a week, scheduled
around the runner's running week.

Blocks: (1) single-leg eccentric heel drops, knee straight (gastrocnemius) and knee bent (soleus —
the article has the muscles reversed; O'Neill, Barry & Watson 2019); (2) running-specific glute strength;
(3) calf stretches; (4) the depth-jump progression, reached through Bulgarian split squats and box
jumps. No trial gives doses for these blocks, so the doses and gates are house defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from achillescare.domain.assessment.selftests import (
    HEEL_RAISE_RETURN_REPS,
    HOPS_TARGET,
    LSI_TARGET_PCT,
    SelfTestResult,
    latest,
    result_lsi,
)
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.program.adherence import PAIN_ALLOWED, PAIN_GREEN, AdherenceEntry
from achillescare.domain.program.plan import (
    Prescription,
    RunningWeek,
    Session,
    spread_days,
    week_days,
)
from achillescare.domain.risk.profile import RiskProfile

PLYO_LEVELS = ("bulgarian_split_squat", "box_jump", "depth_jump")
SESSIONS_AT_LEVEL = 4
"""House: four logged sessions at a plyometric level, all with pain ≤ 2, before the next."""
GLUTE_ROTATION: tuple[tuple[Prescription, ...], ...] = (
    (
        Prescription("romanian_deadlift", 3, 8, load="a weight you could lift 10–12 times"),
        Prescription("hip_thrust", 3, 10, load="a weight you could lift 12–15 times"),
    ),
    (
        Prescription("kettlebell_swing", 3, 15, load="a kettlebell you can swing with a flat back"),
        Prescription("single_leg_bridge", 3, 10),
    ),
    (
        Prescription("hip_thrust", 3, 10, load="a weight you could lift 12–15 times"),
        Prescription("romanian_deadlift", 3, 8, load="a weight you could lift 10–12 times"),
    ),
)


@dataclass(frozen=True, slots=True)
class PlyoGate:
    level: int
    action: str
    reasons: tuple[str, ...]


def plyo_progress(
    level: int,
    entries: Sequence[AdherenceEntry],
    tests: Sequence[SelfTestResult],
    since: date,
    as_of: date,
) -> PlyoGate:
    """Advance the plyometric block one level (split squat → box jump → depth jump) after four
    logged sessions at the current level with pain ≤ 2; depth jumps also need ≥ 25 heel raises,
    LSI ≥ 90 % and 10 hops at pain ≤ 2/10 on both legs. Pain above 5 drops a level."""
    current = PLYO_LEVELS[level - 1]
    logged = [
        e
        for e in entries
        if since < e.done_on <= as_of
        and e.kind == "prevention"
        and e.exercise_id in (current, None)
    ]
    pains = [e.pain_during for e in logged if e.pain_during is not None]
    if pains and max(pains) > PAIN_ALLOWED:
        return PlyoGate(
            max(level - 1, 1), "regress", (f"Pain {max(pains)}/10 during jumps: one level back.",)
        )
    if level >= len(PLYO_LEVELS):
        return PlyoGate(level, "hold", ("Depth jumps reached.",))
    reasons: list[str] = []
    days = {e.done_on for e in logged}
    if len(days) < SESSIONS_AT_LEVEL:
        reasons.append(f"{len(days)} of {SESSIONS_AT_LEVEL} sessions logged at this level.")
    if pains and max(pains) > PAIN_GREEN:
        reasons.append(f"Pain up to {max(pains)}/10: the next level waits for pain ≤ 2.")
    if level + 1 == len(PLYO_LEVELS):
        heel = latest(tests, "heel_raise_straight", as_of)
        hops = latest(tests, "pain_free_hops", as_of)
        weakest = (
            min((v for v in (heel.left, heel.right) if v is not None), default=None)
            if heel
            else None
        )
        index = result_lsi(heel) if heel else None
        if (
            weakest is None
            or weakest < HEEL_RAISE_RETURN_REPS
            or index is None
            or index < LSI_TARGET_PCT
        ):
            reasons.append(
                f"Depth jumps need ≥ {HEEL_RAISE_RETURN_REPS} heel raises on each leg with "
                f"symmetry ≥ {LSI_TARGET_PCT:.0f} % (retest)."
            )
        if hops is None or min(hops.left or 0, hops.right or 0) < HOPS_TARGET:
            reasons.append("Depth jumps need 10 hops at pain ≤ 2/10 on each leg (retest).")
    if reasons:
        return PlyoGate(level, "hold", tuple(reasons))
    return PlyoGate(
        level + 1, "progress", (f"Gate met: {PLYO_LEVELS[level].replace('_', ' ')} next.",)
    )


def prevention_days(
    week_start: date, running_week: RunningWeek, sessions: int = 3
) -> tuple[tuple[date, bool], ...]:
    """The days of the week's prevention sessions, each with ``full`` = True when heavy calf and
    plyometric work is allowed (not the day before a long run or hard session). Rest days are
    preferred, then easy-run days; a light session (glutes and stretches) fills in only when fewer
    than two full days exist."""
    days = week_days(week_start)
    allowed = [d for d in days if not running_week.before_long_or_hard(d)]
    no_run = [d for d in allowed if running_week.kind_on(d) is None]
    easy = [d for d in allowed if running_week.kind_on(d) in (None, "easy")]
    chosen = spread_days(allowed, sessions, prefer=no_run or easy)
    out = [(d, True) for d in chosen]
    if len(out) < 2:
        spare = [d for d in days if d not in chosen]
        out.extend((d, False) for d in spread_days(spare, 2 - len(out)))
    return tuple(sorted(out))


def prevention_sessions(
    week_start: date,
    running_week: RunningWeek,
    *,
    plyo_level: int,
    extra_load_kg: float,
    risk: RiskProfile | None,
    sessions: int = 3,
) -> tuple[Session, ...]:
    """The week's prevention sessions: four blocks, doses per session, ``why`` naming the block
    and the risk factor it answers."""
    out: list[Session] = []
    load = f"body weight + {extra_load_kg:g} kg" if extra_load_kg > 0 else "body weight"
    present = {f.id for f in risk.present()} if risk else set()

    def why(block: str, factor: str) -> str:
        return f"Prevention block {block}" + (
            f"; answers your risk factor '{factor}'" if factor in present else ""
        )

    for index, (day, full) in enumerate(prevention_days(week_start, running_week, sessions)):
        exercises: list[Prescription] = []
        notes: list[str] = []
        if full:
            exercises += [
                Prescription(
                    "eccentric_heel_drop_straight",
                    3,
                    15,
                    load=load,
                    variant="gastrocnemius emphasis",
                    why=why("1: eccentric heel drops", "calf_endurance"),
                ),
                Prescription(
                    "eccentric_heel_drop_bent",
                    3,
                    15,
                    load=load,
                    variant="soleus emphasis",
                    why=why("1: eccentric heel drops", "calf_endurance"),
                ),
            ]
        for glute in GLUTE_ROTATION[index % len(GLUTE_ROTATION)]:
            exercises.append(
                Prescription(
                    glute.exercise_id,
                    glute.sets,
                    glute.reps,
                    load=glute.load,
                    why=why("2: glute strength", "glute_strength"),
                )
            )
        if full:
            for level in range(plyo_level):
                exercise_id = PLYO_LEVELS[level]
                reps = 8 if exercise_id == "bulgarian_split_squat" else 5
                variant = {
                    "bulgarian_split_squat": "each leg",
                    "box_jump": "low box, step down",
                    "depth_jump": "drop from a 20–30 cm box, rebound straight up",
                }[exercise_id]
                exercises.append(
                    Prescription(
                        exercise_id,
                        3,
                        reps,
                        variant=variant,
                        why=why("4: depth-jump progression", "movement_quality"),
                    )
                )
        else:
            notes.append(
                "Light session: no heavy calf or jump work the day before a long run or hard "
                "session."
            )
        exercises += [
            Prescription(
                "calf_stretch_straight", 3, seconds=30, why=why("3: calf stretches", "dorsiflexion")
            ),
            Prescription(
                "calf_stretch_bent", 3, seconds=30, why=why("3: calf stretches", "dorsiflexion")
            ),
        ]
        out.append(
            Session(
                day, "prevention", "Prevention (≈ 25 min)", tuple(exercises), notes=tuple(notes)
            )
        )
    return tuple(out)


RULES: tuple[Rule, ...] = (
    Rule(
        "PREV-BLOCKS",
        "Prevention: the four blocks",
        "Eccentric heel drops knee straight and bent 3 × 15; glute strength (Romanian deadlifts, hip "
        "thrusts, kettlebell swings); calf stretches 3 × 30 s; the depth-jump progression — 2–3 "
        "short sessions a week.",
        ("silbernagel2020", "house"),
        "house",
        "prevention",
        notes="Seed article's four blocks; no trial-based prevention dosing was found, so "
        "the doses are house defaults. The bent knee emphasises the soleus, the straight knee "
        "the gastrocnemius (the article has them reversed).",
    ),
    Rule(
        "PREV-SCHEDULE",
        "Prevention around the running week",
        "No heavy calf or plyometric work the day before a long run or hard session; rest days are "
        "preferred, then easy days; sessions spread through the week.",
        ("house",),
        "house",
        "prevention",
    ),
    Rule(
        "PREV-PLYO-GATE",
        "Depth jumps only through the gate",
        "Split squats → box jumps → depth jumps: four logged sessions at a level with pain ≤ 2 move "
        "up one level; depth jumps also need ≥ 25 heel raises, LSI ≥ 90 % and 10 hops at pain ≤ "
        "2/10 on each leg; pain above 5 drops a level.",
        ("heberlosier2017", "silbernagel2007", "house"),
        "house",
        "prevention",
        thresholds=(("sessions_at_level", "4"), ("pain_to_progress", "2")),
    ),
)
