"""Use cases of the body and the program: self-tests, the risk profile, the program and its weekly plan, and the
adherence log — the pure core of :mod:`achillescare.domain.program.progression` fed from the store."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from achillescare.domain.activity.cadence import CadenceClue, cadence_clue
from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.selftests import RetestReminder, SelfTestResult, retests_due
from achillescare.domain.decision.verdicts import DECISIONS, Decision
from achillescare.domain.load.table import DailySeries, signals_as_of
from achillescare.domain.load.weeks import longest_run_30d_m
from achillescare.domain.program.adherence import AdherenceEntry, prevention_sessions_14d
from achillescare.domain.program.plan import LOCATIONS, Location, RunningWeek, WeekPlan, monday_of
from achillescare.domain.program.progression import (
    ProgramState,
    Progression,
    initial_state,
    progress,
)
from achillescare.domain.program.protocols import PROTOCOLS, Protocol
from achillescare.domain.program.week_plan import build_week_plan
from achillescare.domain.risk.profile import RiskProfile, RunnerHistory, risk_profile
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput, NotFound
from achillescare.services.activities import list_activities
from achillescare.services.decisions import decide_for
from achillescare.services.load import prevention_days, runner_series
from achillescare.services.runners import runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import programs as programs_repo

HISTORY_DAYS = 120
"""Days of runs the cadence clue reads."""


def _check_decision(decision: str) -> Decision:
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    return decision


def record_self_test(store: Store, runner: Runner, result: SelfTestResult) -> SelfTestResult:
    with store.session() as session:
        return programs_repo.add_self_test(session, runner.id, result)


def self_tests(store: Store, runner: Runner, until: date | None = None) -> list[SelfTestResult]:
    with store.session() as session:
        return programs_repo.list_self_tests(session, runner.id, until)


def retest_reminders(store: Store, runner: Runner, today: date) -> tuple[RetestReminder, ...]:
    return retests_due(self_tests(store, runner, today), today)


def cadence(store: Store, runner: Runner, today: date) -> CadenceClue | None:
    """The cadence clue from the runs of the last 120 days (None with fewer than 3 with cadence)."""
    since = today - timedelta(days=HISTORY_DAYS)
    return cadence_clue(
        [a for a in list_activities(store, runner, since, today) if a.counts_for_load]
    )


def adherence(
    store: Store, runner: Runner, since: date | None = None, until: date | None = None
) -> list[AdherenceEntry]:
    with store.session() as session:
        return programs_repo.list_adherence(session, runner.id, since, until)


def current_program(store: Store, runner: Runner) -> ProgramState:
    with store.session() as session:
        state = programs_repo.current_state(session, runner.id)
    if state is None:
        raise NotFound(
            f"{runner.name} has no program yet: start one, e.g. "
            "achilles program start --location mid_portion --leg left --run-days tue,thu,sun"
        )
    return state


def program_history(store: Store, runner: Runner) -> list[ProgramState]:
    with store.session() as session:
        return programs_repo.state_history(session, runner.id)


def start_program(
    store: Store,
    runner: Runner,
    *,
    location: str,
    started_on: date,
    affected: str | None = None,
    protocol: str | None = None,
    running_week: RunningWeek | None = None,
    history: RunnerHistory | None = None,
    prevention_per_week: int = 3,
) -> ProgramState:
    """A new program (recovery for mid-portion or insertional pain, prevention for none), placed
    by the latest self-tests; stored as a new state so the old program stays in the history."""
    if location not in LOCATIONS:
        raise InvalidInput(f"location must be one of {', '.join(LOCATIONS)}, not {location!r}")
    if protocol is not None and protocol not in PROTOCOLS:
        raise InvalidInput(f"protocol must be one of {', '.join(PROTOCOLS)}, not {protocol!r}")
    if affected not in (None, "left", "right"):
        raise InvalidInput(f"leg must be left or right, not {affected!r}")
    if not 2 <= prevention_per_week <= 3:
        raise InvalidInput("prevention runs 2 or 3 sessions a week")
    state = initial_state(
        location,
        started_on,
        self_tests(store, runner, started_on),
        affected=affected,  # type: ignore[arg-type]
        protocol=protocol,
        running_week=running_week,
        history=history,
    )
    state = replace(state, prevention_per_week=prevention_per_week)
    with store.session() as session:
        return programs_repo.add_state(session, runner.id, state)


def change_program(store: Store, runner: Runner, reason: str, **changes: Any) -> ProgramState:
    """Store an edited copy of the current program (running week, history answers, protocol)."""
    state = current_program(store, runner)
    if "protocol" in changes and changes["protocol"] not in PROTOCOLS:
        raise InvalidInput(f"protocol must be one of {', '.join(PROTOCOLS)}")
    new = replace(state, **changes, reason=reason, rule_ids=(), id=None, changed_at=None)
    with store.session() as session:
        return programs_repo.add_state(session, runner.id, new)


@dataclass(frozen=True, slots=True)
class TrainingContext:
    """What the program needs from the runner's imported runs, as of one day."""

    runs: list[Activity]
    series: DailySeries
    longest_30d_m: float | None
    distance_7d_m: float


def _training(store: Store, runner: Runner, as_of: date) -> TrainingContext:
    runs = [a for a in list_activities(store, runner, until=as_of) if a.counts_for_load]
    series = runner_series(store, runner, as_of, runs)
    last_7 = [a.distance_m for a in runs if as_of - timedelta(days=6) <= a.start_local.date()]
    return TrainingContext(runs, series, longest_run_30d_m(series, as_of), sum(last_7))


def runner_risk(store: Store, runner: Runner, as_of: date) -> RiskProfile:
    """The risk profile from the stored runs, self-tests, adherence log and history answers."""
    with store.session() as session:
        state = programs_repo.current_state(session, runner.id)
        tests = programs_repo.list_self_tests(session, runner.id, as_of)
        entries = programs_repo.list_adherence(session, runner.id, until=as_of)
    context = _training(store, runner, as_of)
    signals = signals_as_of(context.series, as_of, units=runner.units)
    recent = [
        a for a in context.runs if a.start_local.date() > as_of - timedelta(days=HISTORY_DAYS)
    ]
    history = state.history if state else RunnerHistory()
    if runner.birth_year is not None:
        history = replace(history, age_years=as_of.year - runner.birth_year)
    return risk_profile(
        as_of,
        signals,
        tests,
        history,
        prevention_sessions_14d=prevention_sessions_14d(entries, as_of) if entries else None,
        cadence=cadence_clue(recent),
        sex=runner.sex,
        units=runner.units,
    )


@dataclass(frozen=True, slots=True)
class PlanResult:
    plan: WeekPlan
    progression: Progression
    risk: RiskProfile
    retests: tuple[RetestReminder, ...]
    decision: Decision
    decision_source: str


def todays_decision(store: Store, runner: Runner, today: date) -> tuple[Decision, str]:
    """The daily decision (check-ins, red flags, load) for ``today``, not logged again; a
    future day has no decision yet, so it plans as 'run' and says so."""
    if today > runner_today(runner):
        return "run", "assumed 'run' for a future day: check in that morning"
    return decide_for(
        store, runner, today, log=False
    ).decision, "today's decision (achilles decide)"


def week_plan(
    store: Store,
    runner: Runner,
    *,
    today: date,
    decision: str | None = None,
    week_of: date | None = None,
) -> PlanResult:
    """Re-evaluate the program as of ``today`` (storing any change), then plan the week holding
    ``week_of`` (default: this week). ``decision`` None = the daily decision from the store."""
    if decision is None:
        checked, source = todays_decision(store, runner, today)
    else:
        checked, source = _check_decision(decision), "given with --decision"
    state = current_program(store, runner)
    with store.session() as session:
        tests = programs_repo.list_self_tests(session, runner.id, today)
        entries = programs_repo.list_adherence(session, runner.id, until=today)
    context = _training(store, runner, today)
    step = progress(
        state,
        as_of=today,
        decision=checked,
        entries=entries,
        tests=tests,
        run_dates=[a.start_local.date() for a in context.runs],
        distance_7d_m=context.distance_7d_m,
        usual_weekly_m=runner.weekly_volume_m,
    )
    if step.changed:
        with store.session() as session:
            programs_repo.add_state(session, runner.id, step.state)
    risk = runner_risk(store, runner, today)
    plan = build_week_plan(
        step.state,
        week_start=monday_of(week_of or today),
        today=today,
        decision=checked,
        risk=risk,
        longest_30d_m=context.longest_30d_m,
        tests=tests,
    )
    return PlanResult(plan, step, risk, retests_due(tests, today), checked, source)


def record_done(store: Store, runner: Runner, entry: AdherenceEntry) -> AdherenceEntry:
    """Log a session or an exercise as done; progression reads it at the next ``plan``."""
    with store.session() as session:
        return programs_repo.add_adherence(session, runner.id, entry)


__all__ = [
    "Location",
    "PlanResult",
    "Protocol",
    "adherence",
    "cadence",
    "change_program",
    "current_program",
    "prevention_days",
    "program_history",
    "record_done",
    "record_self_test",
    "retest_reminders",
    "runner_risk",
    "runner_today",
    "self_tests",
    "start_program",
    "week_plan",
]
