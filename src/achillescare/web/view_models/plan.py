"""The week's plan: each day's sessions, each exercise with its dose, instructions, drawing and
whether it was ticked off (with pain and effort), from :mod:`achillescare.services.programs`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from achillescare.domain.program.adherence import AdherenceEntry
from achillescare.domain.program.plan import LOCATIONS, Location, RunningWeek, week_days
from achillescare.domain.program.protocols import Protocol
from achillescare.domain.runner import Runner
from achillescare.errors import InvalidInput, NotFound
from achillescare.library import load_exercises
from achillescare.services import programs
from achillescare.services.plan_exports import exercise_name
from achillescare.storage.db import Store
from achillescare.web.form_errors import FieldName, FieldNames
from achillescare.web.view_models.models import RunnerOut
from achillescare.web.view_models.runner import runner_out


class ExerciseOut(BaseModel):
    exercise_id: str
    name: str
    dose: str
    load: str
    tempo: str
    variant: str
    why: str
    steps: list[str]
    illustration_url: str
    home_alternative: str | None = None
    """The exercise to do without a gym, by name (the card's ``home_alternative``)."""
    done: bool
    pain_during: int | None = None
    rpe: float | None = None


class SessionOut(BaseModel):
    kind: str
    title: str
    run: str | None
    notes: list[str]
    exercises: list[ExerciseOut]


class PlanDayOut(BaseModel):
    """A day of the plan; ``state`` is how its one-line summary reads: ``today``, ``done``
    (every exercise ticked off), ``missed`` (a past day with exercises not ticked off),
    ``past`` (a past day with only a run), ``coming`` or ``rest`` (nothing planned)."""

    date: dt.date
    sessions: list[SessionOut]
    exercises: int = 0
    done: int = 0
    state: Literal["today", "done", "missed", "coming", "past", "rest"] = "rest"

    @property
    def line(self) -> str:
        """The folded day in words: "3 exercises, 2 done" or "a run and 3 exercises"."""
        runs = sum(1 for s in self.sessions if s.run)
        parts = []
        if runs:
            parts.append("a run" if runs == 1 else f"{runs} runs")
        if self.exercises:
            parts.append(f"{self.exercises} exercise{'s' if self.exercises != 1 else ''}")
        planned = " and ".join(parts) or "nothing planned"
        if self.exercises and self.state in {"done", "missed", "today"}:
            planned += f", {self.done} of {self.exercises} done"
        return planned


class PlanView(BaseModel):
    """This week's plan, or ``has_program`` false when the runner has not started one."""

    runner: RunnerOut
    has_program: bool
    today: dt.date
    mode: str | None = None
    phase: int | None = None
    decision: str | None = None
    week_start: dt.date | None = None
    notes: list[str] = Field(default_factory=list)
    days: list[PlanDayOut] = Field(default_factory=list)


class DoneIn(BaseModel):
    """One exercise ticked off: on which day, how painful (0–10) and how hard (RPE 0–10)."""

    date: dt.date
    exercise_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["recovery", "prevention"] = "recovery"
    pain_during: int | None = Field(default=None, ge=0, le=10)
    rpe: float | None = Field(default=None, ge=0, le=10)


class DoneOut(BaseModel):
    id: int | None
    date: dt.date
    exercise_id: str | None
    pain_during: int | None
    rpe: float | None


class StartIn(BaseModel):
    """Start a program: where it hurts (``none`` = prevention), which leg, the usual run days."""

    location: Location
    affected: Literal["left", "right"] | None = None
    run_days: str = Field(default="tue,thu,sun", max_length=40, pattern=r"^[a-zA-Z, ]*$")
    long_day: str | None = Field(default=None, max_length=9, pattern=r"^[a-zA-Z]*$")


def _day_out(day: dt.date, sessions: list[SessionOut], today: dt.date) -> PlanDayOut:
    planned = [e for s in sessions for e in s.exercises]
    done = sum(1 for e in planned if e.done)
    state: Literal["today", "done", "missed", "coming", "past", "rest"]
    if day == today:
        state = "today"
    elif not sessions:
        state = "rest"
    elif day > today:
        state = "coming"
    elif not planned:
        state = "past"  # only a run: the activities show whether it happened
    else:
        state = "done" if done == len(planned) else "missed"
    return PlanDayOut(date=day, sessions=sessions, exercises=len(planned), done=done, state=state)


def plan_view(store: Store, runner: Runner, today: dt.date) -> PlanView:
    try:
        result = programs.week_plan(store, runner, today=today)
    except NotFound:
        return PlanView(runner=runner_out(runner), has_program=False, today=today)
    plan = result.plan
    library = load_exercises()
    days = week_days(plan.week_start)
    done = {
        (e.done_on, e.exercise_id): e
        for e in programs.adherence(store, runner, days[0], days[-1])
        if e.exercise_id is not None
    }
    out_days = []
    for day in days:
        sessions = []
        for session in plan.on(day):
            exercises = []
            for item in session.exercises:
                card = library.get(item.exercise_id)
                logged = done.get((day, item.exercise_id))
                exercises.append(
                    ExerciseOut(
                        exercise_id=item.exercise_id,
                        name=exercise_name(item.exercise_id, library),
                        dose=item.dose_text(),
                        load=item.load,
                        tempo=item.tempo,
                        variant=item.variant,
                        why=item.why,
                        steps=list(card.steps) if card else [],
                        illustration_url=f"/exercises/{item.exercise_id}.svg",
                        home_alternative=(
                            exercise_name(card.home_alternative, library)
                            if card is not None and card.home_alternative
                            else None
                        ),
                        done=logged is not None,
                        pain_during=None if logged is None else logged.pain_during,
                        rpe=None if logged is None else logged.rpe,
                    )
                )
            sessions.append(
                SessionOut(
                    kind=session.kind,
                    title=session.title,
                    run=None if session.run is None else session.run.describe(runner.units),
                    notes=list(session.notes),
                    exercises=exercises,
                )
            )
        out_days.append(_day_out(day, sessions, today))
    return PlanView(
        runner=runner_out(runner),
        has_program=True,
        today=today,
        mode=plan.mode,
        phase=plan.phase,
        decision=result.decision,
        week_start=plan.week_start,
        notes=list(plan.notes),
        days=out_days,
    )


def tick_off(store: Store, runner: Runner, body: DoneIn, today: dt.date) -> DoneOut:
    """Log an exercise as done (not in the future); progression reads it at the next plan."""
    if body.date > today:
        raise InvalidInput(f"{body.date} is in the future (today is {today})")
    if body.exercise_id not in load_exercises():
        raise InvalidInput(f"no exercise {body.exercise_id!r} in the library")
    entry = programs.record_done(
        store,
        runner,
        AdherenceEntry(
            done_on=body.date,
            kind=body.kind,
            exercise_id=body.exercise_id,
            pain_during=body.pain_during,
            rpe=body.rpe,
        ),
    )
    return DoneOut(
        id=entry.id,
        date=entry.done_on,
        exercise_id=entry.exercise_id,
        pain_during=entry.pain_during,
        rpe=entry.rpe,
    )


def start(store: Store, runner: Runner, body: StartIn, today: dt.date) -> PlanView:
    if body.location not in LOCATIONS:
        raise InvalidInput(f"location must be one of {', '.join(LOCATIONS)}")
    week = RunningWeek.parse(body.run_days, body.long_day or None)
    programs.start_program(
        store,
        runner,
        location=body.location,
        started_on=today,
        affected=body.affected,
        running_week=week,
    )
    return plan_view(store, runner, today)


class ProgramChangeIn(BaseModel):
    """A clinician's (or the runner's) change to the program: phase, protocol, extra load; the
    reason is kept with the new program state (the old one stays in the history)."""

    reason: str = Field(min_length=3, max_length=300)
    phase: int | None = Field(default=None, ge=1, le=4)
    protocol: Protocol | None = None
    extra_load_kg: float | None = Field(default=None, ge=0, le=200)


START_NAMES: FieldNames = {
    "location": FieldName("start-location", "Where does it hurt"),
    "affected": FieldName("start-affected", "Which leg"),
    "run_days": FieldName("run_days", "Days you usually run"),
    "long_day": FieldName("long_day", "Long-run day"),
}
"""The start form's answers on the plan page (``plan.html``)."""


def done_names(day: str, exercise_id: str) -> FieldNames:
    """The answers of one exercise's tick-off form on the plan page."""
    return {
        "pain_during": FieldName(f"pain-{day}-{exercise_id}", "Pain"),
        "rpe": FieldName(f"rpe-{day}-{exercise_id}", "Effort"),
    }


PROGRAM_NAMES: FieldNames = {
    "reason": FieldName("reason", "Reason"),
    "phase": FieldName("phase", "Phase"),
    "protocol": FieldName("protocol", "Protocol"),
    "extra_load_kg": FieldName("extra_load_kg", "Extra load"),
}
"""The program form's answers on the specialist's page (``runner_view.html``)."""


class ProgramStateOut(BaseModel):
    mode: str
    location: str
    protocol: str
    phase: int
    extra_load_kg: float
    reason: str
    changed_at: dt.datetime | None


class ProgramView(BaseModel):
    """The current program first, then every earlier state, newest first."""

    states: list[ProgramStateOut]


def program_view(store: Store, runner: Runner) -> ProgramView:
    history = programs.program_history(store, runner)
    return ProgramView(
        states=[
            ProgramStateOut(
                mode=s.mode,
                location=s.location,
                protocol=s.protocol,
                phase=s.phase,
                extra_load_kg=s.extra_load_kg,
                reason=s.reason,
                changed_at=s.changed_at,
            )
            for s in sorted(history, key=lambda s: s.id or 0, reverse=True)
        ]
    )


def change(store: Store, runner: Runner, body: ProgramChangeIn, author: str) -> ProgramView:
    """Store the edited program with "who: why" as its reason."""
    changes = body.model_dump(exclude_none=True, exclude={"reason"})
    if not changes:
        raise InvalidInput("change the phase, the protocol or the extra load", field="phase")
    programs.change_program(store, runner, f"{author}: {body.reason.strip()}", **changes)
    return program_view(store, runner)
