"""Criteria-gated return to running: walk-run intervals → continuous easy running → volume →
hills and speed last.

Silbernagel's programme allows running from the start when the pain-monitoring model holds and
starts or increases it in phase 3 (JAT 2020); the published running progression (Silbernagel &
Crossley 2015) could not be read, so the ladder and gates here are house defaults, labelled as such:
a step is taken only after two runs at the current step and a "run" decision today (the pain rules
held), never on the calendar alone; a single run stays under 1.10 × the longest run of the last
30 days (Frandsen 2025).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from achillescare.domain.assessment.selftests import (
    HEEL_RAISE_RETURN_REPS,
    HOP_PAIN_GREEN,
    HOPS_TARGET,
    LSI_TARGET_PCT,
    Leg,
    SelfTestResult,
    latest,
    lsi,
    other_leg,
)
from achillescare.domain.decision.verdicts import Decision
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.program.plan import RunningWeek, RunPrescription, spread_days, week_days

WALK_RUN_LADDER: tuple[tuple[int, int, int], ...] = (
    (60, 120, 6),
    (60, 60, 10),
    (120, 60, 7),
    (180, 60, 6),
    (300, 60, 4),
    (480, 60, 3),
    (600, 60, 3),
)
"""(run s, walk s, repeats) per step: house ladder, about 18 → 33 minutes."""
CONTINUOUS_MIN: tuple[int, ...] = (20, 25, 30)
RUNS_PER_STEP = 2
SPIKE_FACTOR = 1.10
"""Frandsen 2025: a run > 10 % longer than the longest of 30 days raises injury rate."""
MODIFY_FACTOR = 0.7
"""House: a 'modify' decision shortens runs by 30 % (Silbernagel et al. 2007 give no size)."""
VOLUME_SHARE_FOR_SPEED = 0.8
STAGE_NAMES = (
    "not running yet",
    "walk-run",
    "continuous easy running",
    "building volume",
    "hills and speed",
)


@dataclass(frozen=True, slots=True)
class Criterion:
    text: str
    met: bool


@dataclass(frozen=True, slots=True)
class RtrDecision:
    """Where the runner stands after today's evaluation."""

    stage: int
    step: int
    action: str
    reasons: tuple[str, ...]
    gate: tuple[Criterion, ...]
    rule_ids: tuple[str, ...]


def leg_value(result: SelfTestResult | None, affected: Leg | None) -> float | None:
    """The affected leg's value, or the weaker leg's when none is marked."""
    if result is None:
        return None
    if affected is not None:
        return result.value(affected)
    values = [v for v in (result.left, result.right) if v is not None]
    return min(values) if values else None


def leg_lsi(result: SelfTestResult | None, affected: Leg | None) -> float | None:
    if result is None or result.left is None or result.right is None:
        return None
    if affected is None:
        return lsi(min(result.left, result.right), max(result.left, result.right))
    return lsi(result.value(affected), result.value(other_leg(affected)))


def gate(
    to_stage: int,
    *,
    decision: Decision,
    phase: int,
    tests: Sequence[SelfTestResult],
    affected: Leg | None,
    as_of: date,
    distance_7d_m: float,
    usual_weekly_m: float | None,
) -> tuple[Criterion, ...]:
    """The criteria for entering ``to_stage`` (1–4), each with whether it is met today."""
    heel = latest(tests, "heel_raise_straight", as_of)
    hops = latest(tests, "pain_free_hops", as_of)
    heel_reps = leg_value(heel, affected)
    ok_decision = Criterion(
        f"today's decision allows running (is {decision})",
        decision in ("run", "modify") if to_stage == 1 else decision == "run",
    )
    hop_reps = leg_value(hops, affected)
    if to_stage == 1:
        return (
            ok_decision,
            Criterion(
                "10 single-leg heel raises on the painful leg (Silbernagel phase-1 exit)",
                phase >= 2 or (heel_reps is not None and heel_reps >= 10),
            ),
            _hop_criterion(hop_reps, hops),
        )
    if to_stage == 2:
        return (ok_decision, _hop_criterion(hop_reps, hops))
    if to_stage == 3:
        return (ok_decision, Criterion("tendon-loading phase 3 (rebuilding) reached", phase >= 3))
    index = leg_lsi(heel, affected)
    criteria = [
        ok_decision,
        Criterion(
            f"≥ {HEEL_RAISE_RETURN_REPS} heel raises on the painful leg (convention)",
            heel_reps is not None and heel_reps >= HEEL_RAISE_RETURN_REPS,
        ),
        Criterion(
            f"heel-raise limb symmetry ≥ {LSI_TARGET_PCT:.0f} %",
            index is not None and index >= LSI_TARGET_PCT,
        ),
        Criterion(
            f"{HOPS_TARGET} hops at pain ≤ {HOP_PAIN_GREEN}/10 on both legs",
            hops is not None and min(hops.left or 0, hops.right or 0) >= HOPS_TARGET,
        ),
    ]
    if usual_weekly_m:
        criteria.append(
            Criterion(
                f"last 7 days ≥ {VOLUME_SHARE_FOR_SPEED:.0%} of your usual weekly distance",
                distance_7d_m >= VOLUME_SHARE_FOR_SPEED * usual_weekly_m,
            )
        )
    return tuple(criteria)


def _hop_criterion(hop_reps: float | None, hops: SelfTestResult | None) -> Criterion:
    """10 single-leg hops on the painful leg at pain ≤ 2/10 (the walk-run card's own condition),
    read from the ``pain_free_hops`` self-test; without one the gate stays shut and says so."""
    text = f"{HOPS_TARGET} single-leg hops on the painful leg at pain ≤ {HOP_PAIN_GREEN}/10"
    if hops is None:
        return Criterion(
            f"{text}: no hop self-test recorded yet (achilles selftest pain_free_hops)", False
        )
    return Criterion(
        f"{text} (self-test of {hops.tested_on}: {hop_reps or 0:.0f})",
        hop_reps is not None and hop_reps >= HOPS_TARGET,
    )


def _steps_in(stage: int) -> int:
    return {1: len(WALK_RUN_LADDER), 2: len(CONTINUOUS_MIN), 4: 2}.get(stage, 1)


def evaluate(
    stage: int,
    step: int,
    *,
    decision: Decision,
    runs_since_change: int,
    phase: int,
    tests: Sequence[SelfTestResult],
    affected: Leg | None,
    as_of: date,
    distance_7d_m: float = 0.0,
    usual_weekly_m: float | None = None,
) -> RtrDecision:
    """Step back on a rest or see-a-clinician decision; step up within a stage after two runs and
    a 'run' decision; enter the next stage only when its gate is met."""
    if decision in ("see_specialist", "urgent"):
        return RtrDecision(
            0, 0, "stop", ("Running stops until a clinician has seen you.",), (), ("RTR-STEP",)
        )
    if decision == "rest" and stage > 0:
        if step > 0:
            return RtrDecision(
                stage, step - 1, "regress", ("Rest today: one step back.",), (), ("RTR-STEP",)
            )
        new_stage = stage - 1
        return RtrDecision(
            new_stage,
            max(_steps_in(new_stage) - 1, 0),
            "regress",
            ("Rest today: back to the previous stage.",),
            (),
            ("RTR-STEP",),
        )
    if stage > 0 and step + 1 < _steps_in(stage):
        if runs_since_change >= RUNS_PER_STEP and decision == "run":
            return RtrDecision(
                stage,
                step + 1,
                "progress",
                (f"{runs_since_change} runs at this step within the pain rules.",),
                (),
                ("RTR-STEP",),
            )
        return RtrDecision(
            stage,
            step,
            "hold",
            (f"{runs_since_change} of {RUNS_PER_STEP} runs at this step, decision {decision}.",),
            (),
            ("RTR-STEP",),
        )
    if stage >= 4:
        return RtrDecision(
            stage, step, "hold", ("Full running: keep the single-run cap.",), (), ("RTR-CAP",)
        )
    criteria = gate(
        stage + 1,
        decision=decision,
        phase=phase,
        tests=tests,
        affected=affected,
        as_of=as_of,
        distance_7d_m=distance_7d_m,
        usual_weekly_m=usual_weekly_m,
    )
    enough_runs = stage == 0 or runs_since_change >= RUNS_PER_STEP
    if enough_runs and all(c.met for c in criteria):
        return RtrDecision(
            stage + 1,
            0,
            "progress",
            (f"Gate to {STAGE_NAMES[stage + 1]} met.",),
            criteria,
            (f"RTR-GATE-{stage + 1}",),
        )
    missing = [c.text for c in criteria if not c.met]
    if not enough_runs:
        missing.insert(0, f"{RUNS_PER_STEP} runs at the current step")
    return RtrDecision(
        stage,
        step,
        "hold",
        tuple(f"Not yet: {m}." for m in missing),
        criteria,
        (f"RTR-GATE-{stage + 1}",),
    )


def week_runs(
    stage: int,
    step: int,
    week_start: date,
    running_week: RunningWeek,
    *,
    today: date,
    decision: Decision,
    longest_30d_m: float | None,
) -> tuple[tuple[date, RunPrescription], ...]:
    """The runs of one week at ``stage``/``step``. Early stages: 3 runs on non-consecutive days,
    preferring the runner's usual days; from 'building volume', the runner's own week."""
    if stage == 0:
        return ()
    days = week_days(week_start)
    usual = [d for d in days if running_week.kind_on(d) is not None]
    cap = SPIKE_FACTOR * longest_30d_m if longest_30d_m else None
    why = f"Return to running, stage {stage} ({STAGE_NAMES[stage]}); rule RTR-STEP"
    planned: list[tuple[date, RunPrescription]] = []
    if stage in (1, 2):
        for day in spread_days(days, 3, prefer=usual):
            if stage == 1:
                run_s, walk_s, reps = WALK_RUN_LADDER[min(step, len(WALK_RUN_LADDER) - 1)]
                planned.append(
                    (
                        day,
                        RunPrescription("walk_run", intervals=(run_s, walk_s, reps), why=why),
                    )
                )
            else:
                minutes = CONTINUOUS_MIN[min(step, len(CONTINUOUS_MIN) - 1)]
                planned.append((day, RunPrescription("easy", duration_s=minutes * 60.0, why=why)))
    else:
        chosen = usual or list(spread_days(days, 3))
        for day in chosen:
            usual_kind = running_week.kind_on(day) or "easy"
            kind: str = usual_kind
            if usual_kind == "hard":
                kind = "hills" if stage == 4 and step == 0 else ("hard" if stage == 4 else "easy")
            if kind == "long":
                planned.append(
                    (day, RunPrescription("long", distance_m=cap, max_distance_m=cap, why=why))
                )
            elif kind == "easy":
                distance = 0.6 * cap if cap else None
                duration = None if distance else 40 * 60.0
                planned.append(
                    (
                        day,
                        RunPrescription(
                            "easy",
                            duration_s=duration,
                            distance_m=distance,
                            max_distance_m=cap,
                            why=why,
                        ),
                    )
                )
            else:
                hard_kind: Literal["hills", "hard"] = "hills" if kind == "hills" else "hard"
                planned.append((day, RunPrescription(hard_kind, max_distance_m=cap, why=why)))
    return tuple(
        _apply_decision(day, run, today, decision)
        for day, run in planned
        if not (day == today and decision == "rest")
    )


def _apply_decision(
    day: date, run: RunPrescription, today: date, decision: Decision
) -> tuple[date, RunPrescription]:
    if decision != "modify" or day < today:
        return day, run
    kind = "easy" if run.kind in ("hard", "hills") else run.kind
    if run.intervals is not None:
        # A walk-run is shortened by dropping repeats, so its card and its duration agree.
        run_s, walk_s, reps = run.intervals
        fewer = max(1, round(reps * MODIFY_FACTOR))
        return day, RunPrescription(
            kind,
            intervals=(run_s, walk_s, fewer),
            max_distance_m=run.max_distance_m,
            why=run.why + f"; {fewer} repeats instead of {reps} (decision: modify)",
        )
    return day, RunPrescription(
        kind,
        duration_s=run.duration_s * MODIFY_FACTOR if run.duration_s else None,
        distance_m=run.distance_m * MODIFY_FACTOR if run.distance_m else None,
        max_distance_m=run.max_distance_m,
        why=run.why + "; shortened 30 % and easy only (decision: modify)",
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "RTR-STEP",
        "Return-to-run steps",
        "Walk-run (1 min run/2 min walk × 6 up to 10 min/1 min × 3), then 20 → 25 → 30 min easy: one "
        "step up after two runs at the current step and a 'run' decision; one step back on a 'rest' "
        "decision; a 'modify' decision shortens runs by 30 % and makes them easy.",
        ("silbernagel2007", "house"),
        "house",
        "return-to-run",
        notes="Silbernagel & Crossley 2015's own running progression could not be read (first page "
        "only); the ladder is a house default.",
        thresholds=(("runs_per_step", "2"), ("modify_factor", "0.7")),
    ),
    Rule(
        "RTR-GATE-1",
        "Gate: start walk-run",
        "Decision run or modify, 10 single-leg heel raises on the painful leg (the phase-1 exit "
        "status of Silbernagel's protocol), and 10 single-leg hops on the painful leg at pain "
        "≤ 2/10 in the hop self-test (a house gate; no hop test recorded = not met).",
        ("silbernagel2020", "house"),
        "partly",
        "return-to-run",
        notes="The heel-raise criterion is JAT 2020's phase-1 status; the hop criterion is the "
        "walk-run card's own condition, a house default.",
    ),
    Rule(
        "RTR-GATE-2",
        "Gate: continuous easy running",
        "Walk-run ladder finished, decision run, and 10 single-leg hops on the painful leg at pain "
        "≤ 2/10 (house gate).",
        ("robinson2001", "house"),
        "house",
        "return-to-run",
    ),
    Rule(
        "RTR-GATE-3",
        "Gate: build volume",
        "30 minutes easy twice, decision run, and tendon-loading phase 3 (Silbernagel: running is "
        "started or increased in the rebuilding phase).",
        ("silbernagel2020",),
        "partly",
        "return-to-run",
    ),
    Rule(
        "RTR-GATE-4",
        "Gate: hills, then speed",
        "≥ 25 heel raises and LSI ≥ 90 % on the painful leg, 10 hops at pain ≤ 2/10 on both legs, "
        "and (when known) ≥ 80 % of the usual weekly distance — all house conventions. Hills "
        "first, speed a step later.",
        ("heberlosier2017", "house"),
        "unverified",
        "return-to-run",
        notes="25 reps and LSI ≥ 90 % are conventions, not trial-validated thresholds "
        "(Hébert-Losier et al. 2017 give norms, not a return-to-run gate).",
    ),
    Rule(
        "RTR-CAP",
        "Single-run cap",
        "No planned run is longer than 1.10 × the longest run of the previous 30 days.",
        ("frandsen2025",),
        "verified",
        "return-to-run",
        thresholds=(("spike_factor", "1.10"),),
    ),
)
