"""One timeline of a runner's history: training, symptoms, scores and events, one row per day.

The runner and the specialist read training and tendon on one shared time axis: daily distance
and the Achilles-specific load (uphill metres, fast minutes, strides; the features the load
rules watch), morning pain and stiffness per leg, pain during and after runs, VISA-A and OSTRC
scores, and events (red flags reported, clinical assessments, program changes) — for any range.
Wellness figures a linked service recorded (resting heart rate, HRV, sleep) sit beside them, in
their own panel: they are never mixed into the runner's own answers.

This module is pure: it takes records already read and returns rows. Which range to show when
none is asked for (:func:`default_range`): the last six weeks when there is recent data, else the
six weeks that end on the last day with data, so a history imported from years ago is never shown
as an empty chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from achillescare.domain.assessment.symptoms import RED_FLAG_ITEMS, SIDES, CheckIn, Side
from achillescare.domain.sync.wellness import WELLNESS_FIELDS, WellnessDay
from achillescare.errors import InvalidInput

DEFAULT_DAYS = 42
"""Six weeks: the default window, long enough to see a week-to-week change and an acute:chronic
pattern (acute window 7 days, chronic 28), short enough to read day by day on a phone."""

Preset = Literal["6w", "3m", "1y", "all"]
PRESETS: dict[Preset, str] = {"6w": "6 weeks", "3m": "3 months", "1y": "1 year", "all": "All"}
_PRESET_DAYS: dict[Preset, int] = {"6w": DEFAULT_DAYS, "3m": 91, "1y": 365}

MAX_DAYS = 366 * 30
"""A range longer than thirty years is refused: no running history is that long, and the row
count (one per day) must stay bounded for the page and the API."""

EventKind = Literal["red_flag", "assessment", "program", "shoe"]


@dataclass(frozen=True, slots=True)
class TimelineRun:
    """What the timeline needs of one activity (SI units; ``None`` when the file had no data)."""

    day: date
    distance_m: float
    uphill_m: float | None = None
    fast_s: float | None = None
    strides: int | None = None
    counts_for_load: bool = True


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event drawn on the axis: a red flag, an assessment, a program or shoe change."""

    day: date
    kind: EventKind
    text: str


@dataclass(frozen=True, slots=True)
class TimelineScore:
    """A questionnaire total on the day it was taken: ``instrument`` is ``visa_a`` or ``ostrc``."""

    day: date
    instrument: str
    score: int


@dataclass(frozen=True, slots=True)
class DaySignal:
    """A load signal's value and status on one day (``value`` None when it could not be
    computed yet, e.g. the first weeks of a history)."""

    value: float | None
    status: str


@dataclass(slots=True)
class TimelineDay:
    """One day of the timeline. Per-side values are keyed ``left`` / ``right`` and absent when
    the runner gave no answer for that side that day."""

    day: date
    distance_m: float = 0.0
    runs: int = 0
    uphill_m: float | None = None
    fast_min: float | None = None
    strides: int | None = None
    signals: dict[str, DaySignal] = field(default_factory=dict)
    morning_pain: dict[str, int] = field(default_factory=dict)
    morning_stiffness_min: dict[str, int] = field(default_factory=dict)
    pain_during_run: dict[str, int] = field(default_factory=dict)
    pain_after_run: dict[str, int] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    events: list[TimelineEvent] = field(default_factory=list)
    wellness: dict[str, float] = field(default_factory=dict)
    """A linked service's figures that day, by :data:`WELLNESS_FIELDS` name (absent if none)."""

    def to_json(self) -> dict[str, object]:
        """The API's and ``achilles timeline --json``'s row (SI units, rounded for reading)."""
        return {
            "date": self.day.isoformat(),
            "distance_m": round(self.distance_m, 1),
            "runs": self.runs,
            "uphill_m": None if self.uphill_m is None else round(self.uphill_m, 1),
            "fast_min": None if self.fast_min is None else round(self.fast_min, 1),
            "strides": self.strides,
            "signals": {
                sid: {
                    "value": None if s.value is None else round(s.value, 3),
                    "status": s.status,
                }
                for sid, s in self.signals.items()
            },
            "morning_pain": dict(self.morning_pain),
            "morning_stiffness_min": dict(self.morning_stiffness_min),
            "pain_during_run": dict(self.pain_during_run),
            "pain_after_run": dict(self.pain_after_run),
            "scores": dict(self.scores),
            "events": [{"kind": e.kind, "text": e.text} for e in self.events],
            "wellness": {name: round(value, 1) for name, value in self.wellness.items()},
        }


def preset_range(preset: Preset, today: date, first_day: date | None) -> tuple[date, date]:
    """The range of a preset button, ending today; ``all`` starts on the first day with data."""
    if preset == "all":
        return (first_day or today - timedelta(days=DEFAULT_DAYS - 1), today)
    return (today - timedelta(days=_PRESET_DAYS[preset] - 1), today)


def default_range(data_days: Iterable[date], today: date) -> tuple[date, date]:
    """The range shown when none is asked for: the last six weeks if any data falls in them,
    else the six weeks ending on the last day with data (today's six weeks if there is none)."""
    recent_start = today - timedelta(days=DEFAULT_DAYS - 1)
    last = max((d for d in data_days if d <= today), default=None)
    if last is None or last >= recent_start:
        return (recent_start, today)
    return (last - timedelta(days=DEFAULT_DAYS - 1), last)


def check_range(start: date, end: date) -> None:
    """Refuse a range that ends before it starts or is longer than :data:`MAX_DAYS`."""
    if end < start:
        raise InvalidInput(f"the range ends ({end}) before it starts ({start})")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"a range can be at most {MAX_DAYS // 366} years long")


def red_flag_events(checkins: Iterable[CheckIn]) -> list[TimelineEvent]:
    """One event per side and day on which any red-flag question was answered yes."""
    events: list[TimelineEvent] = []
    for checkin in checkins:
        yes = [item.replace("_", " ") for item in RED_FLAG_ITEMS if getattr(checkin, item) is True]
        if yes:
            events.append(
                TimelineEvent(checkin.date, "red_flag", f"{checkin.side}: {', '.join(yes)}")
            )
    return events


def build_timeline(
    start: date,
    end: date,
    *,
    runs: Sequence[TimelineRun],
    checkins: Sequence[CheckIn],
    scores: Sequence[TimelineScore] = (),
    events: Sequence[TimelineEvent] = (),
    signals: Mapping[date, Mapping[str, DaySignal]] | None = None,
    wellness: Sequence[WellnessDay] = (),
) -> list[TimelineDay]:
    """Every day from ``start`` to ``end`` (inclusive), in order, with what happened on it.

    Runs excluded from load (another person's run, a mis-recorded file) are left out of the
    distance and features, as they are left out of every signal. The Achilles features sum over
    the day's runs; a day whose runs carried no such data keeps ``None`` (unknown, not zero).
    """
    check_range(start, end)
    days = {
        start + timedelta(days=i): TimelineDay(start + timedelta(days=i))
        for i in range((end - start).days + 1)
    }
    for run in runs:
        row = days.get(run.day)
        if row is None or not run.counts_for_load:
            continue
        row.runs += 1
        row.distance_m += run.distance_m
        if run.uphill_m is not None:
            row.uphill_m = (row.uphill_m or 0.0) + run.uphill_m
        if run.fast_s is not None:
            row.fast_min = (row.fast_min or 0.0) + run.fast_s / 60
        if run.strides is not None:
            row.strides = (row.strides or 0) + run.strides
    for checkin in checkins:
        row = days.get(checkin.date)
        if row is None:
            continue
        side: Side = checkin.side
        for name in ("morning_pain", "morning_stiffness_min", "pain_during_run", "pain_after_run"):
            value = getattr(checkin, name)
            if value is not None:
                getattr(row, name)[side] = value
    for score in scores:
        row = days.get(score.day)
        if row is not None:
            row.scores[score.instrument] = score.score
    for event in sorted(events, key=lambda e: (e.day, e.kind, e.text)):
        row = days.get(event.day)
        if row is not None:
            row.events.append(event)
    for day, day_signals in (signals or {}).items():
        row = days.get(day)
        if row is not None:
            row.signals = dict(day_signals)
    for figures in wellness:
        row = days.get(figures.day)
        if row is None:
            continue
        for name in WELLNESS_FIELDS:
            value = getattr(figures, name)
            if value is not None:
                row.wellness.setdefault(name, float(value))
    return list(days.values())


SERIES: dict[str, str] = {
    "distance": "Distance",
    "achilles_load": "Uphill, fast minutes and strides",
    "acwr": "Acute:chronic workload ratio",
    "morning_pain": "Morning pain",
    "morning_stiffness": "Morning stiffness",
    "run_pain": "Pain during and after runs",
    "scores": "VISA-A and OSTRC",
    "events": "Events",
    "wellness": "Sleep and resting heart rate (from intervals.icu)",
}
"""The timeline's panels, in the order drawn."""


def empty_series(rows: Sequence[TimelineDay]) -> dict[str, str]:
    """The panels with nothing to draw in this range, each with the sentence that says why."""
    why: dict[str, str] = {}
    if not any(r.runs for r in rows):
        why["distance"] = "No runs in this range."
    if not any(r.uphill_m or r.fast_min or r.strides for r in rows):
        why["achilles_load"] = (
            "No uphill, fast or stride data in this range (files without altitude or speed "
            "streams, or easy flat runs)."
        )
    if not any(r.signals.get("acwr_rolling", DaySignal(None, "")).value for r in rows):
        why["acwr"] = "The workload ratio needs four weeks of runs before it can be computed."
    if not any(r.morning_pain for r in rows):
        why["morning_pain"] = "No morning pain recorded in this range (daily check-in)."
    if not any(r.morning_stiffness_min for r in rows):
        why["morning_stiffness"] = "No morning stiffness recorded in this range (daily check-in)."
    if not any(r.pain_during_run or r.pain_after_run for r in rows):
        why["run_pain"] = "No pain during or after runs recorded in this range."
    if not any(r.scores for r in rows):
        why["scores"] = "No VISA-A or OSTRC questionnaire taken in this range."
    if not any(r.events for r in rows):
        why["events"] = "No red flag, assessment, program or shoe change in this range."
    if not any(r.wellness for r in rows):
        why["wellness"] = "No sleep or resting heart rate from a linked service in this range."
    return why


def data_days(
    runs: Iterable[TimelineRun], checkins: Iterable[CheckIn], scores: Iterable[TimelineScore]
) -> set[date]:
    """The days that hold any data (for :func:`default_range` and the ``all`` preset)."""
    days = {r.day for r in runs if r.counts_for_load}
    days.update(c.date for c in checkins if c.side in SIDES)
    days.update(s.day for s in scores)
    return days


__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "PRESETS",
    "SERIES",
    "DaySignal",
    "Preset",
    "TimelineDay",
    "TimelineEvent",
    "TimelineRun",
    "TimelineScore",
    "build_timeline",
    "check_range",
    "data_days",
    "default_range",
    "empty_series",
    "preset_range",
    "red_flag_events",
]
