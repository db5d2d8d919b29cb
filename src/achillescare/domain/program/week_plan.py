"""The week's plan from the program state: recovery or prevention sessions, runs and rest days,
shaped by today's decision (a red flag or see-a-clinician decision pauses everything)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from achillescare.domain.assessment.selftests import SelfTestResult
from achillescare.domain.decision.verdicts import Decision
from achillescare.domain.program.plan import (
    Prescription,
    RunPrescription,
    Session,
    WeekPlan,
    week_days,
)
from achillescare.domain.program.prevention import prevention_sessions
from achillescare.domain.program.progression import ProgramState
from achillescare.domain.program.recovery import capacity, recovery_sessions
from achillescare.domain.program.return_to_run import week_runs
from achillescare.domain.risk.profile import RiskProfile


def build_week_plan(
    state: ProgramState,
    *,
    week_start: date,
    today: date,
    decision: Decision,
    risk: RiskProfile | None = None,
    longest_30d_m: float | None = None,
    tests: Sequence[SelfTestResult] = (),
) -> WeekPlan:
    """Seven days from ``week_start``: recovery or prevention sessions, runs, and rest days.
    ``tests`` are the runner's self-tests: exercises are dosed within what they showed."""
    days = week_days(week_start)
    if decision in ("urgent", "see_specialist"):
        note = (
            "Urgent: get a same-day medical assessment. No running, no exercises."
            if decision == "urgent"
            else "See a clinician before training on; the program resumes after that visit."
        )
        rests = tuple(Session(d, "rest", "Program paused", notes=(note,)) for d in days)
        return WeekPlan(week_start, "paused", None, rests, (note,), ("PROG-PAUSE",))
    sessions: list[Session] = []
    notes: list[str] = []
    rules = ["RTR-CAP"]
    cap = 1.10 * longest_30d_m if longest_30d_m else None
    if state.mode == "prevention":
        rules += ["PREV-BLOCKS", "PREV-SCHEDULE", "PREV-PLYO-GATE"]
        sessions += prevention_sessions(
            week_start,
            state.running_week,
            plyo_level=state.plyo_level,
            extra_load_kg=state.extra_load_kg,
            risk=risk,
            sessions=state.prevention_per_week,
        )
        for day in days:
            kind = state.running_week.kind_on(day)
            if kind is None or (day == today and decision == "rest"):
                continue
            if day >= today and decision == "modify" and kind == "hard":
                kind = "easy"
            sessions.append(
                Session(
                    day,
                    "run",
                    f"{kind.title()} run",
                    run=RunPrescription(
                        "planned" if kind == "easy" else kind,
                        max_distance_m=cap,
                        why="Your own running week; single-run cap (Frandsen 2025)",
                    ),
                )
            )
        phase = None
    else:
        insertional = state.location == "insertional"
        rules += ["PROG-INSERTIONAL"] if insertional else []
        rules += {"hsr": ["PROG-HSR"], "alfredson": ["PROG-ALFREDSON"]}.get(state.protocol, [])
        rules.append("PROG-SILBERNAGEL")
        sessions += recovery_sessions(
            week_start=week_start,
            phase=state.phase,
            protocol=state.protocol,
            core_week=state.core_week,
            insertional=insertional,
            extra_load_kg=state.extra_load_kg,
            running_week=state.running_week,
            risk=risk,
            fit=capacity(tests, state.affected, today),
        )
        rules.append("PROG-CAPACITY")
        drill = (
            Prescription(
                "cadence_drill",
                3,
                seconds=60,
                variant="within the run, +5–10 % step rate",
                why="Recovery element 4: movement correction (a clue, Heiderscheit 2011)",
            ),
        )
        for day, run in week_runs(
            state.rtr_stage,
            state.rtr_step,
            week_start,
            state.running_week,
            today=today,
            decision=decision,
            longest_30d_m=longest_30d_m,
        ):
            extra = (
                drill
                if state.rtr_stage >= 2
                and risk is not None
                and risk.status_of("movement_quality") == "present"
                else ()
            )
            sessions.append(
                Session(
                    day,
                    "run",
                    "Run (return to running)",
                    extra,
                    run=run,
                    notes=("Run only if the morning check-in says run or modify.",),
                )
            )
        if state.rtr_stage == 0:
            notes.append("No running yet: walking and cross-training within the pain rules.")
        phase = state.phase
    if decision == "rest":
        notes.append("Rest from running today; keep the exercises within the pain rules.")
    if decision == "modify":
        notes.append("Modified week: runs shorter and easy only.")
    busy = {s.on for s in sessions}
    sessions += [Session(d, "rest", "Rest day") for d in days if d not in busy]
    order = {"run": 0, "recovery": 1, "prevention": 2, "rest": 3}
    sessions.sort(key=lambda s: (s.on, order[s.kind]))
    return WeekPlan(
        week_start, state.mode, phase, tuple(sessions), tuple(notes), tuple(dict.fromkeys(rules))
    )
