"""The runner's program: its state, how logged pain and self-tests move it, and the weekly plan.

Progression follows the pain-monitoring model on the exercise days (Silbernagel 2007) and criteria
(heel-raise reps and symmetry, hop tolerance), never the calendar alone: a protocol week, a phase or
a return-to-run stage changes only after logged sessions within the pain rules, at most one step a
week (house rule); pain above 5/10 steps back at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Literal

from achillescare.domain.assessment.selftests import (
    HEEL_RAISE_RETURN_REPS,
    HOPS_TARGET,
    LSI_TARGET_PCT,
    Leg,
    SelfTestResult,
    latest,
)
from achillescare.domain.decision.verdicts import Decision
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.program.adherence import (
    PAIN_ALLOWED,
    PAIN_FREE,
    AdherenceEntry,
    daily_max_pain,
    in_window,
    mean_daily_pain,
)
from achillescare.domain.program.plan import (
    Location,
    RunningWeek,
)
from achillescare.domain.program.prevention import plyo_progress
from achillescare.domain.program.protocols import PROGRAM_WEEKS, Protocol, hsr_band_start
from achillescare.domain.program.return_to_run import evaluate, leg_lsi, leg_value
from achillescare.domain.risk.profile import RunnerHistory

Mode = Literal["recovery", "prevention"]
LOAD_STEP_KG = 2.5
"""House: backpack load added or removed per step (Alfredson: 'add load when pain-free')."""
MIN_DAYS_BETWEEN_STEPS = 7


@dataclass(frozen=True, slots=True)
class ProgramState:
    """Where the runner is in the program. Every change is stored as a new state (history)."""

    mode: Mode
    location: Location
    started_on: date
    protocol: Protocol = "hsr"
    affected: Leg | None = None
    phase: int = 1
    phase_since: date | None = None
    core_week: int = 1
    extra_load_kg: float = 0.0
    rtr_stage: int = 0
    rtr_step: int = 0
    rtr_since: date | None = None
    plyo_level: int = 1
    last_change_on: date | None = None
    running_week: RunningWeek = field(default_factory=RunningWeek)
    history: RunnerHistory = field(default_factory=RunnerHistory)
    prevention_per_week: int = 3
    reason: str = ""
    rule_ids: tuple[str, ...] = ()
    id: int | None = None
    changed_at: datetime | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.phase <= 4:
            raise ValueError("phase is 1–4")
        if not 1 <= self.plyo_level <= 3:
            raise ValueError("plyometric level is 1–3")
        if not 2 <= self.prevention_per_week <= 3:
            raise ValueError("prevention runs 2–3 sessions a week")


def initial_state(
    location: Location,
    started_on: date,
    tests: Sequence[SelfTestResult] = (),
    *,
    affected: Leg | None = None,
    protocol: Protocol | None = None,
    running_week: RunningWeek | None = None,
    history: RunnerHistory | None = None,
) -> ProgramState:
    """A new program: prevention when there is no pain; otherwise recovery at phase 1, or phase 2
    when the painful leg already manages 10 single-leg heel raises (JAT 2020 phase-1 status).
    Default protocol: floor-level Alfredson for insertional pain (Jonsson 2008), HSR otherwise."""
    heel = leg_value(latest(tests, "heel_raise_straight", started_on), affected)
    mode: Mode = "prevention" if location == "none" else "recovery"
    return ProgramState(
        mode=mode,
        location=location,
        started_on=started_on,
        affected=affected,
        protocol=protocol or ("alfredson" if location == "insertional" else "hsr"),
        phase=2 if heel is not None and heel >= 10 else 1,
        phase_since=started_on,
        last_change_on=started_on,
        rtr_since=started_on,
        running_week=running_week or RunningWeek(),
        history=history or RunnerHistory(),
        reason="program started",
        rule_ids=("PROG-START",),
    )


@dataclass(frozen=True, slots=True)
class Progression:
    state: ProgramState
    changed: bool
    actions: tuple[str, ...]
    reasons: tuple[str, ...]
    rule_ids: tuple[str, ...]


def _phase_gate(
    state: ProgramState,
    tests: Sequence[SelfTestResult],
    decision: Decision,
    as_of: date,
    week_max_pain: int,
) -> tuple[bool, str]:
    """Whether the next phase opens, and why. ``week_max_pain`` is the highest exercise pain
    logged in the week being judged."""
    heel = latest(tests, "heel_raise_straight", as_of)
    reps = leg_value(heel, state.affected)
    if state.phase == 1:
        ok = reps is not None and reps >= 10
        return ok, "10 single-leg heel raises on the painful leg" + (
            "" if ok else " (retest when ready)"
        )
    if state.phase == 2:
        if state.location == "insertional" and week_max_pain > PAIN_FREE:
            # JAT 2020 Table 2, phase-3 patient status: "no pain distally at the insertion".
            # For an insertional runner every logged pain is insertion pain.
            return False, (
                f"phase 3 needs no pain at the insertion (JAT 2020); up to {week_max_pain}/10 "
                "was logged this week, so phase 2 continues"
            )
        return True, "coped with phase 2: a logged week within the pain rules" + (
            ", with no pain at the insertion" if state.location == "insertional" else ""
        )
    if state.phase == 3:
        hops = leg_value(latest(tests, "pain_free_hops", as_of), state.affected)
        index = leg_lsi(heel, state.affected)
        ok = (
            reps is not None
            and reps >= HEEL_RAISE_RETURN_REPS
            and index is not None
            and index >= LSI_TARGET_PCT
            and hops is not None
            and hops >= HOPS_TARGET
            and state.rtr_stage >= 3
            and decision == "run"
        )
        return ok, (
            f"≥ {HEEL_RAISE_RETURN_REPS} heel raises, LSI ≥ {LSI_TARGET_PCT:.0f} %, 10 hops at "
            "pain ≤ 2/10, running continuously, decision run"
        )
    return False, "maintenance reached"


def progress(
    state: ProgramState,
    *,
    as_of: date,
    decision: Decision,
    entries: Sequence[AdherenceEntry],
    tests: Sequence[SelfTestResult],
    run_dates: Sequence[date] = (),
    distance_7d_m: float = 0.0,
    usual_weekly_m: float | None = None,
) -> Progression:
    """Evaluate the program on ``as_of``; idempotent for the same day and the same log."""
    step = _Step(state)
    since = state.last_change_on or state.started_on - timedelta(days=1)
    if state.mode == "prevention":
        fresh = [e for e in entries if is_new(e, state, since)]
        gate = plyo_progress(state.plyo_level, fresh, tests, date.min, as_of)
        step.note(gate.reasons, "PREV-PLYO-GATE")
        if gate.level != state.plyo_level:
            step.change(f"plyometrics {gate.action}", plyo_level=gate.level, last_change_on=as_of)
        return step.done()
    if decision in ("urgent", "see_specialist"):
        step.note(("Program paused until a clinician has seen you.",), "PROG-PAUSE")
        if state.rtr_stage:
            step.change("running stopped", rtr_stage=0, rtr_step=0, rtr_since=as_of)
        return step.done()
    _core_step(step, entries=entries, tests=tests, decision=decision, as_of=as_of, since=since)
    if state.rtr_since != as_of:
        runs = sum(1 for d in run_dates if (state.rtr_since or state.started_on) < d <= as_of)
        new = step.new
        rtr = evaluate(
            new.rtr_stage,
            new.rtr_step,
            decision=decision,
            runs_since_change=runs,
            phase=new.phase,
            tests=tests,
            affected=state.affected,
            as_of=as_of,
            distance_7d_m=distance_7d_m,
            usual_weekly_m=usual_weekly_m,
        )
        step.note(rtr.reasons, *rtr.rule_ids)
        if (rtr.stage, rtr.step) != (new.rtr_stage, new.rtr_step):
            step.change(
                f"running {rtr.action}: stage {rtr.stage} step {rtr.step + 1}",
                rtr_stage=rtr.stage,
                rtr_step=rtr.step,
                rtr_since=as_of,
            )
    return step.done()


class _Step:
    """Accumulates one evaluation's changes, reasons and rule ids."""

    def __init__(self, state: ProgramState) -> None:
        self.old = state
        self.new = state
        self.actions: list[str] = []
        self.reasons: list[str] = []
        self.rules: list[str] = []

    def note(self, reasons: Sequence[str], *rules: str) -> None:
        self.reasons.extend(reasons)
        self.rules.extend(rules)

    def change(self, action: str, **changes: object) -> None:
        self.actions.append(action)
        self.new = replace(self.new, **changes)  # type: ignore[arg-type]

    def done(self) -> Progression:
        rule_ids = tuple(dict.fromkeys(self.rules))
        new = self.new
        changed = new != self.old
        if changed:
            reason = "; ".join(self.actions) or "updated"
            new = replace(new, reason=reason, rule_ids=rule_ids, id=None, changed_at=None)
        return Progression(new, changed, tuple(self.actions), tuple(self.reasons), rule_ids)


def is_new(entry: AdherenceEntry, state: ProgramState, since: date) -> bool:
    """Logged after the program last changed: by timestamps when both are known (the store
    sets them), else by day — so an entry never moves the program twice."""
    if entry.recorded_at is not None and state.changed_at is not None:
        return entry.recorded_at > state.changed_at
    return entry.done_on > since


def _core_step(
    step: _Step,
    *,
    entries: Sequence[AdherenceEntry],
    tests: Sequence[SelfTestResult],
    decision: Decision,
    as_of: date,
    since: date,
) -> None:
    """Tendon loading and phase: back on pain > 5, hold on rising pain or too few logs, else one
    step after a week."""
    state = step.old
    window = [
        e
        for e in in_window(entries, as_of - timedelta(days=6), as_of)
        if e.kind == "recovery" and is_new(e, state, since)
    ]
    previous = [
        e
        for e in in_window(entries, as_of - timedelta(days=13), as_of - timedelta(days=7))
        if e.kind == "recovery"
    ]
    daily = daily_max_pain(window)
    breaches = sorted(d for d, pain in daily.items() if pain > PAIN_ALLOWED)
    if breaches:
        back_week = (
            hsr_band_start(hsr_band_start(state.core_week) - 1) if state.core_week > 1 else 1
        )
        phase = state.phase - 1 if len(breaches) >= 2 and state.phase > 1 else state.phase
        step.note(
            (f"Pain above {PAIN_ALLOWED}/10 during exercise on {len(breaches)} day(s) (PM-1).",),
            "PROG-REGRESS",
        )
        step.change(
            "tendon loading one step back" + (f", phase {phase}" if phase != state.phase else ""),
            core_week=back_week,
            extra_load_kg=max(state.extra_load_kg - LOAD_STEP_KG, 0.0),
            phase=phase,
            phase_since=as_of if phase != state.phase else state.phase_since,
            last_change_on=as_of,
        )
        return
    this_mean, last_mean = mean_daily_pain(window), mean_daily_pain(previous)
    needed = 2 if state.protocol == "hsr" and state.phase in (2, 3) else 4
    if this_mean is not None and last_mean is not None and this_mean > last_mean:
        step.note(
            (f"Exercise pain rose week on week ({last_mean:.1f} → {this_mean:.1f}): hold (PM-4).",),
            "PROG-PM4",
        )
    elif breaches or (as_of - since).days < MIN_DAYS_BETWEEN_STEPS:
        step.note(("At most one step a week: hold.",))
    elif len(daily) < needed:
        step.note(
            (
                f"{len(daily)} of {needed} exercise days logged with pain this week: log "
                "each session as done, with its pain, so the program can progress.",
            ),
            "PROG-LOGGED",
        )
    else:
        top = max(daily.values())
        changes: dict[str, object] = {"last_change_on": as_of}
        actions: list[str] = []
        if state.phase in (2, 3) and state.protocol != "silbernagel":
            changes["core_week"] = min(state.core_week + 1, PROGRAM_WEEKS)
            actions.append(f"{state.protocol.upper()} week {changes['core_week']}")
        # Added weight belongs to phase 3 (JAT 2020: "heavier strength training"); it is never
        # added on the step that enters a phase, and only after a truly pain-free week
        # (Alfredson 1998: add load once the exercise no longer hurts; 1–2/10 is not pain-free).
        if state.phase >= 3 and top <= PAIN_FREE:
            changes["extra_load_kg"] = state.extra_load_kg + LOAD_STEP_KG
            actions.append(f"add {LOAD_STEP_KG:g} kg (a pain-free week: 0/10)")
        ok, why = _phase_gate(state, tests, decision, as_of, top)
        rules = ["PROG-PROGRESS"]
        if ok and state.phase < 4:
            changes.update(phase=state.phase + 1, phase_since=as_of)
            actions.append(f"phase {state.phase + 1}")
            rules.append(f"PROG-PHASE-{state.phase + 1}")
        step.note(
            (f"A logged week within the pain rules (max {top}/10). Phase gate: {why}.",), *rules
        )
        step.change(", ".join(actions) or "progress", **changes)


RULES: tuple[Rule, ...] = (
    Rule(
        "PROG-START",
        "Starting phase",
        "A new recovery program starts at phase 1, or phase 2 when the painful leg already manages 10 "
        "single-leg heel raises; no pain → prevention program.",
        ("silbernagel2020",),
        "verified",
        "programs",
        notes="JAT 2020 Table 2, phase 1 patient status: 'difficulty performing 10 "
        "one-legged heel rises' (read in PMC7249277).",
    ),
    Rule(
        "PROG-REGRESS",
        "Pain above 5 steps back",
        "Exercise pain above 5/10 on any day since the last change: one protocol band back and 2.5 kg "
        "less; on two or more days also one phase back.",
        ("silbernagel2007", "beyer2015"),
        "partly",
        "programs",
        notes="Beyer 2015: if pain is higher after training, go back to a lighter load; "
        "step sizes are house defaults.",
    ),
    Rule(
        "PROG-PM4",
        "Pain rising week on week holds",
        "When the mean daily exercise pain of the last 7 days exceeds the week before, nothing progresses.",
        ("silbernagel2007",),
        "partly",
        "programs",
    ),
    Rule(
        "PROG-LOGGED",
        "Progress needs logged sessions",
        "A step needs ≥ 2 logged HSR days or ≥ 4 logged days of a daily protocol in the last 7 days, each "
        "with pain during exercise.",
        ("house",),
        "house",
        "programs",
    ),
    Rule(
        "PROG-PROGRESS",
        "One step a week when the rules hold",
        "After ≥ 7 days since the last change with all logged exercise pain ≤ 5/10: next protocol week; "
        "+2.5 kg only once in phase 3 or later and only after a pain-free week (0/10 in every logged "
        "session; 1–2/10 is acceptable but not pain-free); next phase when its gate is met. The "
        "7 days and the 2.5 kg step are house defaults.",
        ("silbernagel2007", "alfredson1998", "house"),
        "partly",
        "programs",
        thresholds=(("min_days_between_steps", "7"), ("load_step_kg", "2.5")),
    ),
    Rule(
        "PROG-PHASE-2",
        "Gate: phase 2",
        "10 single-leg heel raises on the painful leg and a logged week within the pain rules.",
        ("silbernagel2020",),
        "partly",
        "programs",
        notes="JAT 2020 gives the phase-1 status (cannot do 10 single-leg heel raises); the logged week is our own.",
    ),
    Rule(
        "PROG-PHASE-3",
        "Gate: phase 3",
        "Coped with phase 2 (a logged week within the pain rules); with insertional pain, no pain "
        "at the insertion (0/10 in every logged session of the week). Insertional pain stays on "
        "the floor.",
        ("silbernagel2020",),
        "partly",
        "programs",
        notes="JAT 2020 Table 2, phase-3 patient status: 'no pain distally at the insertion' "
        "(Silbernagel, Hanlon & Sprague 2020). Reading it from the week's logged exercise pain is our own "
        "operationalisation.",
    ),
    Rule(
        "PROG-PHASE-4",
        "Gate: phase 4 (return to sport)",
        "≥ 25 heel raises and LSI ≥ 90 % on the painful leg (house conventions), 10 hops at pain "
        "≤ 2/10, running continuously and a 'run' decision.",
        ("silbernagel2020", "heberlosier2017", "house"),
        "unverified",
        "programs",
        notes="JAT 2020 phase-4 status: minimal symptoms, can take part in sport; the numeric criteria are "
        "conventions (Hébert-Losier et al. 2017 give norms, not a return-to-sport gate).",
    ),
    Rule(
        "PROG-PAUSE",
        "Red flags pause the program",
        "An urgent or see-a-clinician decision pauses every session and stops running.",
        ("house",),
        "house",
        "programs",
    ),
)
