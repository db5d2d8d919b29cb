"""A runner's views: today, their activities, the import of uploaded files, their settings.

Each function takes the store and an already-authorised runner (see
:mod:`achillescare.services.accounts`) and returns a model of :mod:`.models`; the API returns it
as JSON and the page renders it, so both always say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

from achillescare.domain.activity.records import Activity
from achillescare.domain.runner import Runner
from achillescare.domain.units import (
    Units,
    format_distance,
    format_duration,
    format_pace,
    pace_s_per_unit,
    pace_to_speed_m_s,
    parse_pace,
    speed_to_pace_s,
)
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.decisions import decision_to_show
from achillescare.services.importing import (
    refresh_fast_threshold,
)
from achillescare.services.load import load_report
from achillescare.services.runners import clear_fast_threshold, update_runner
from achillescare.services.shoes import runner_shoes, shoe_caution
from achillescare.storage.db import Store
from achillescare.web.form_errors import FieldName, FieldNames
from achillescare.web.view_models.decision import decision_out
from achillescare.web.view_models.models import (
    ActivitiesView,
    ActivityOut,
    DecisionOut,
    RunnerOut,
    SettingsIn,
    SettingsView,
    ShoeChoiceOut,
    SignalOut,
    TodayView,
    WeekOut,
)

RECENT_DAYS = 14


def runner_out(runner: Runner) -> RunnerOut:
    return RunnerOut(id=runner.id, name=runner.name, units=runner.units.value)


def activity_out(
    activity: Activity, units: Units, shoe_names: Mapping[int, str] | None = None
) -> ActivityOut:
    """One activity for pages and the API; ``shoe_names`` (id → name) names its shoe."""
    pace = (
        pace_s_per_unit(activity.distance_m, activity.moving_s, units) if activity.is_run else None
    )
    return ActivityOut(
        id=activity.id,
        start_utc=activity.start_utc,
        start_local=activity.start_local.isoformat(),
        when_text=activity.start_local.strftime("%a %d %b %Y %H:%M"),
        sport=activity.sport,
        is_run=activity.is_run,
        name=activity.name,
        distance_m=round(activity.distance_m, 1),
        moving_s=round(activity.moving_s, 1),
        distance_text=format_distance(activity.distance_m, units, 2),
        pace_text=format_pace(pace, units),
        duration_text=format_duration(activity.moving_s),
        source=Path(activity.source).name or activity.source,
        excluded_reason=activity.excluded_reason,
        shoe_id=activity.shoe_id,
        shoe=(shoe_names or {}).get(activity.shoe_id) if activity.shoe_id is not None else None,
    )


def current_decision(store: Store, runner: Runner, today: date) -> tuple[DecisionOut, date | None]:
    """Today's decision, freshly made (logged when it changed), and the last check-in date."""
    shown = decision_to_show(store, runner, today)
    return decision_out(shown.result), shown.last_checkin


def today_view(store: Store, runner: Runner, today: date, *, can_edit: bool) -> TodayView:
    """Today's decision with its reasons and advice, the training signals, the last weeks and
    the last two weeks' activities."""
    decision, last_checkin = current_decision(store, runner, today)
    report = load_report(store, runner, as_of=today, weeks=6)
    recent = list_activities(store, runner, since=today - timedelta(days=RECENT_DAYS), until=today)
    shoe = shoe_caution(store, runner, today)  # a training signal the decision reads too
    signals = [*report.signals, *([shoe] if shoe is not None else [])]
    names = shoe_names(store, runner)
    return TodayView(
        runner=runner_out(runner),
        as_of=today,
        decision=decision,
        last_checkin=last_checkin,
        signals=[
            SignalOut(
                id=s.id, value=s.value, status=s.status, explanation=s.explanation, source=s.source
            )
            for s in signals
        ],
        weeks=[
            WeekOut(
                week_start=w.week_start,
                distance_m=round(w.distance_m, 1),
                runs=w.runs,
                long_run_m=round(w.long_run_m, 1),
                distance_text=format_distance(w.distance_m, runner.units),
            )
            for w in report.weeks
        ],
        recent=[activity_out(a, runner.units, names) for a in reversed(recent)],
        can_edit=can_edit,
    )


def shoe_names(store: Store, runner: Runner) -> dict[int, str]:
    """The runner's shoes by id, for naming the shoe of each activity."""
    return {s.id: s.name for s in runner_shoes(store, runner) if s.id is not None}


def activities_view(store: Store, runner: Runner, *, limit: int = 100) -> ActivitiesView:
    """The newest ``limit`` activities of every sport."""
    activities = list_activities(store, runner)
    newest = activities[::-1][:limit]
    names = shoe_names(store, runner)
    return ActivitiesView(
        runner=runner_out(runner),
        shoes=[ShoeChoiceOut(id=i, name=name) for i, name in names.items()],
        activities=[activity_out(a, runner.units, names) for a in newest],
        total=len(activities),
    )


def settings_view(runner: Runner) -> SettingsView:
    def pace(speed: float | None) -> str | None:
        return (
            None
            if speed is None
            else format_pace(speed_to_pace_s(speed, runner.units), runner.units)
        )

    return SettingsView(
        runner=runner_out(runner),
        fast_pace_text=pace(runner.fast_speed_m_s),
        derived_fast_pace_text=pace(runner.derived_fast_speed_m_s),
        birth_year=runner.birth_year,
    )


SETTINGS_NAMES: FieldNames = {
    "units": FieldName("settings-units", "Units"),
    "fast_pace": FieldName("fast_pace", "Fast pace"),
    "birth_year": FieldName("birth_year", "Year of birth"),
}
"""The settings form's answers on the page (``settings.html``)."""


def change_settings(store: Store, runner: Runner, change: SettingsIn) -> SettingsView:
    """Units, the fast threshold (a pace in the chosen units; empty = derive it again) and the
    year of birth (when given)."""
    units = Units(change.units)
    changes: dict[str, object] = {"units": units.value}
    if change.birth_year is not None:
        changes["birth_year"] = change.birth_year
    text = (change.fast_pace or "").strip()
    if text:  # every answer is checked before anything is written
        try:
            changes["fast_speed_m_s"] = pace_to_speed_m_s(parse_pace(text), units)
        except InvalidInput as error:  # the pace parser knows no form: name the answer here
            raise InvalidInput(str(error), field="fast_pace") from None
    updated = update_runner(store, runner, **changes)
    if not text and updated.fast_speed_m_s is not None:
        updated = clear_fast_threshold(store, updated)
    if updated.fast_speed_m_s != runner.fast_speed_m_s:
        updated, _ = refresh_fast_threshold(store, updated, force=True)
    return settings_view(updated)
