"""A runner's timeline over any range, read from the store (see :mod:`achillescare.domain.timeline`).

One function serves the web page, the JSON API (``GET /api/v1/runners/{id}/timeline``) and
``achilles timeline``, so the three always agree. The load signals are computed over the whole
history (the chronic window needs the weeks before the range) with the vectorised
:func:`~achillescare.domain.load.table.load_table`, then cut to the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from achillescare.domain.load.signal import STATUSES
from achillescare.domain.load.table import SIGNAL_IDS, load_table
from achillescare.domain.runner import Runner
from achillescare.domain.sync.wellness import WellnessDay
from achillescare.domain.timeline import (
    PRESETS,
    DaySignal,
    Preset,
    TimelineDay,
    TimelineEvent,
    TimelineRun,
    TimelineScore,
    build_timeline,
    check_range,
    data_days,
    default_range,
    empty_series,
    preset_range,
    red_flag_events,
)
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.checkins import list_checkins, list_responses
from achillescare.services.clinical import assessments
from achillescare.services.programs import program_history
from achillescare.services.runners import runner_today
from achillescare.services.shoes import runner_shoes
from achillescare.storage.db import Store
from achillescare.storage.repos import wellness as wellness_repo

TIMELINE_INSTRUMENTS = ("visa_a", "ostrc")


@dataclass(frozen=True, slots=True)
class Timeline:
    """The rows of a range, and the panels left out with the sentence that says why."""

    start: date
    end: date
    rows: list[TimelineDay]
    omitted: dict[str, str]
    first_day: date | None

    def to_json(self) -> dict[str, object]:
        """The document of the API and of ``achilles timeline --json``."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "first_day_with_data": None if self.first_day is None else self.first_day.isoformat(),
            "rows": [row.to_json() for row in self.rows],
            "omitted": dict(self.omitted),
        }


def _signals(runs: list[TimelineRun], since: date, until: date) -> dict[date, dict[str, DaySignal]]:
    counted = [r for r in runs if r.counts_for_load and r.day <= until]
    if not counted:
        return {}
    table = load_table(
        np.zeros(len(counted), dtype=np.int64),
        np.array([r.day for r in counted], dtype="datetime64[D]"),
        np.array([r.distance_m for r in counted]),
        uphill_m=np.array([np.nan if r.uphill_m is None else r.uphill_m for r in counted]),
        fast_s=np.array([np.nan if r.fast_s is None else r.fast_s for r in counted]),
        strides=np.array([np.nan if r.strides is None else r.strides for r in counted]),
        until=until,
    )
    out: dict[date, dict[str, DaySignal]] = {}
    in_range = table["date"] >= np.datetime64(since, "D")
    days = table["date"][in_range].astype("datetime64[D]").astype(object)
    for sid in SIGNAL_IDS:
        values = table[sid][in_range].astype(float)
        statuses = table[f"{sid}_status"][in_range]
        for day, value, status in zip(days, values, statuses, strict=True):
            out.setdefault(day, {})[sid] = DaySignal(
                None if np.isnan(value) else float(value), STATUSES[int(status)]
            )
    return out


def _program_events(store: Store, runner: Runner) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    previous = None
    for state in program_history(store, runner):
        day = state.changed_at.date() if state.changed_at else state.started_on
        phase = (state.mode, state.phase, state.rtr_stage)
        if previous is None or phase != previous:
            text = f"{state.mode} program, phase {state.phase}"
            if state.rtr_stage:
                text += f", return to running stage {state.rtr_stage}"
            events.append(TimelineEvent(day, "program", text))
        previous = phase
    return events


def _resolve_range(
    start: date | None,
    end: date | None,
    preset: Preset | None,
    today: date,
    with_data: set[date],
) -> tuple[date, date]:
    """A preset ends today; no range at all is the default range; a missing end is today and a
    missing start the first day with data."""
    if preset is not None:
        if preset not in PRESETS:
            raise InvalidInput(f"unknown range {preset!r}; choose one of {', '.join(PRESETS)}")
        return preset_range(preset, today, min(with_data, default=None))
    if start is None and end is None:
        return default_range(with_data, today)
    last = end or max(start or today, today)
    first = start or min(last, min(with_data, default=last))
    return first, last


def _shoe_events(store: Store, runner: Runner) -> list[TimelineEvent]:
    """A pair's first use and its retirement, as the runner entered or an export gave them."""
    events: list[TimelineEvent] = []
    for shoe in runner_shoes(store, runner):
        drop = f", {shoe.drop_mm:g} mm drop" if shoe.drop_mm is not None else ""
        if shoe.first_used is not None:
            events.append(TimelineEvent(shoe.first_used, "shoe", f"new pair: {shoe.name}{drop}"))
        if shoe.retired_on is not None:
            events.append(TimelineEvent(shoe.retired_on, "shoe", f"retired: {shoe.name}"))
    return events


def _wellness(store: Store, runner: Runner, start: date, end: date) -> list[WellnessDay]:
    with store.session() as session:
        return wellness_repo.for_runner(session, runner.id, start, end)


def runner_timeline(
    store: Store,
    runner: Runner,
    start: date | None = None,
    end: date | None = None,
    *,
    preset: Preset | None = None,
) -> Timeline:
    """The runner's timeline for ``start``..``end``, a ``preset`` ending today, or (neither
    given) the default range of :func:`~achillescare.domain.timeline.default_range`."""
    today = runner_today(runner)
    activities = list_activities(store, runner, until=max(today, end or today))
    runs = [
        TimelineRun(
            a.start_local.date(), a.distance_m, a.uphill_m, a.fast_s, a.strides, a.counts_for_load
        )
        for a in activities
    ]
    checkins = list_checkins(store, runner)
    scores = [
        TimelineScore(r.taken_on, r.instrument, r.score)
        for r in list_responses(store, runner)
        if r.instrument in TIMELINE_INSTRUMENTS
    ]
    with_data = data_days(runs, checkins, scores)
    first_day = min(with_data, default=None)
    start, end = _resolve_range(start, end, preset, today, with_data)
    check_range(start, end)
    events = [
        *red_flag_events(c for c in checkins if start <= c.date <= end),
        *(
            TimelineEvent(s.assessment.date, "assessment", f"{s.assessment.side}: "
                          f"{s.assessment.finding.replace('_', ' ')} ({s.assessment.assessor})")
            for s in assessments(store, runner)
        ),
        *_program_events(store, runner),
        *_shoe_events(store, runner),
    ]  # fmt: skip
    rows = build_timeline(
        start,
        end,
        runs=runs,
        checkins=checkins,
        scores=scores,
        events=events,
        signals=_signals(runs, start, end),
        wellness=_wellness(store, runner, start, end),
    )
    return Timeline(start, end, rows, empty_series(rows), first_day)


__all__ = ["TIMELINE_INSTRUMENTS", "Timeline", "runner_timeline"]
