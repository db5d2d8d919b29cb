"""The specialist's view of one runner: what a physiotherapist reviews before deciding.

It speaks about the runner in the third person ("Ana's left tendon…"): the reader is the
clinician. It holds the check-ins of the last four weeks with both legs side by side and the
runner's notes, the self-tests over time, the exercise adherence per week, and the clinical
record (assessments and overrides, :mod:`.clinical`), next to the decision the runner sees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import BaseModel, Field

from achillescare.domain.assessment.symptoms import SIDES, CheckIn
from achillescare.domain.program.plan import monday_of
from achillescare.domain.runner import Runner
from achillescare.services import programs
from achillescare.services.checkins import list_checkins
from achillescare.storage.db import Store
from achillescare.web.view_models.clinical import ClinicalView, clinical_view
from achillescare.web.view_models.models import DecisionOut
from achillescare.web.view_models.selftests import SelfTestOut, selftests_view

CHECKIN_DAYS = 28
ADHERENCE_WEEKS = 6
SHORT_FLAGS: dict[str, str] = {
    "tenderness": "tender",
    "swelling": "swollen",
    "thickening": "thickened",
    "redness_warmth": "red or warm",
    "pain_on_hopping": "pain on hopping",
    "pain_built_during_run": "pain built during the run",
    "pain_at_rest": "pain at rest",
    "night_pain": "night pain",
    "sudden_pop": "POP OR KICK",
    "cannot_heel_raise": "CANNOT HEEL RAISE",
    "limping": "limping",
    "fever_unwell": "fever or unwell",
    "numbness_tingling": "numbness or tingling",
    "fluoroquinolone": "fluoroquinolone",
    "corticosteroid": "corticosteroid",
}
"""The yes answers as a clinician reads them in a table cell (suspected rupture in capitals)."""


class SideDayOut(BaseModel):
    """One leg's check-in: pains 0–10 (null = not asked), stiffness, and the yes answers."""

    ran: bool
    pain_during_run: int | None
    pain_after_run: int | None
    morning_pain: int | None
    stiffness_min: int | None
    yes: list[str]
    unanswered: int = Field(description="Red-flag questions left unanswered that day.")


class CheckInDayOut(BaseModel):
    date: dt.date
    left: SideDayOut | None
    right: SideDayOut | None
    notes: str


class AdherenceWeekOut(BaseModel):
    week_start: dt.date
    days: int = Field(description="Days with any logged exercise.")
    entries: int
    max_pain: int | None
    recovery: int
    prevention: int


class SpecialistRunnerView(BaseModel):
    """One runner as their specialist sees them (third person)."""

    runner_id: int
    name: str
    as_of: dt.date
    summary: list[str] = Field(description="One sentence per leg, about the runner.")
    checkins: list[CheckInDayOut] = Field(description="The last four weeks, newest first.")
    legs: list[str] = Field(description="The legs checked in during those weeks (table columns).")
    selftests: list[SelfTestOut] = Field(description="Newest first.")
    adherence: list[AdherenceWeekOut] = Field(description="The last six weeks, newest first.")
    clinical: ClinicalView


def _side_day(c: CheckIn) -> SideDayOut:
    return SideDayOut(
        ran=c.did_run,
        pain_during_run=c.pain_during_run,
        pain_after_run=c.pain_after_run,
        morning_pain=c.morning_pain,
        stiffness_min=c.morning_stiffness_min,
        yes=[SHORT_FLAGS.get(name, name) for name in c.flags()],
        unanswered=len(c.unanswered_red_flags()),
    )


def checkin_days(checkins: list[CheckIn]) -> list[CheckInDayOut]:
    """Both legs of each day side by side, newest first, with the day's notes."""
    by_day: dict[dt.date, dict[str, CheckIn]] = defaultdict(dict)
    for c in checkins:
        by_day[c.date][c.side] = c
    days = []
    for day in sorted(by_day, reverse=True):
        sides = by_day[day]
        notes = [f"{side}: {c.notes}" for side, c in sides.items() if c.notes]
        days.append(
            CheckInDayOut(
                date=day,
                left=_side_day(sides["left"]) if "left" in sides else None,
                right=_side_day(sides["right"]) if "right" in sides else None,
                notes="; ".join(notes),
            )
        )
    return days


def _summary(name: str, days: list[CheckInDayOut], decision: DecisionOut) -> list[str]:
    lines = []
    for side in SIDES:
        seen = [(d.date, s) for d in days if (s := getattr(d, side)) is not None]
        if not seen:
            continue
        day, last = seen[0]
        pain = "not given" if last.morning_pain is None else f"{last.morning_pain}/10"
        earlier = [s.morning_pain for d, s in seen if d <= day - dt.timedelta(days=7)]
        trend = f" (a week before: {earlier[0]}/10)" if earlier and earlier[0] is not None else ""
        flags = f"; said yes to: {', '.join(last.yes)}" if last.yes else ""
        lines.append(
            f"{name}'s {side} tendon: morning pain {pain} on {day.strftime('%a %d %b')}{trend}"
            f"{flags}."
        )
    if not lines:
        lines.append(f"{name} has not checked in during the last four weeks.")
    if decision.override is not None:
        lines.append(f"{name}'s decision today was set by {decision.override.specialist}.")
    return lines


def _adherence(store: Store, runner: Runner, today: dt.date) -> list[AdherenceWeekOut]:
    first = monday_of(today) - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)
    entries = programs.adherence(store, runner, first, today)
    weeks = []
    for k in range(ADHERENCE_WEEKS):
        start = first + dt.timedelta(weeks=k)
        week = [e for e in entries if start <= e.done_on < start + dt.timedelta(days=7)]
        pains = [e.pain_during for e in week if e.pain_during is not None]
        weeks.append(
            AdherenceWeekOut(
                week_start=start,
                days=len({e.done_on for e in week}),
                entries=len(week),
                max_pain=max(pains) if pains else None,
                recovery=sum(1 for e in week if e.kind == "recovery"),
                prevention=sum(1 for e in week if e.kind == "prevention"),
            )
        )
    return weeks[::-1]


def specialist_runner_view(
    store: Store, runner: Runner, today: dt.date, decision: DecisionOut, *, can_act: bool
) -> SpecialistRunnerView:
    """``decision``: today's, as the runner's page shows it; ``can_act``: the signed-in account
    is a specialist the runner shares with (it may assess and override)."""
    first = today - dt.timedelta(days=CHECKIN_DAYS - 1)
    days = checkin_days(list_checkins(store, runner, first, today))
    return SpecialistRunnerView(
        runner_id=runner.id,
        name=runner.name,
        as_of=today,
        summary=_summary(runner.name.split()[0], days, decision),
        checkins=days,
        legs=[side for side in SIDES if any(getattr(d, side) is not None for d in days)],
        selftests=selftests_view(store, runner, today).results,
        adherence=_adherence(store, runner, today),
        clinical=clinical_view(store, runner, can_assess=can_act, can_override=can_act),
    )
