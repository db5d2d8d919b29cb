"""Personal insights as a use case: stored runs, check-ins and prevention sessions → the
comparisons of :mod:`achillescare.domain.insights`.

:func:`insights_for` reads the store; :func:`insights_payload` answers ``insights --from-json``
with no store at all. Both end in :func:`achillescare.domain.insights.insights`.
"""

from __future__ import annotations

from datetime import date

from achillescare.domain.activity.records import Activity
from achillescare.domain.gear.shoes import Shoe
from achillescare.domain.insights import (
    InsightInput,
    InsightRun,
    Insights,
    insights,
    mornings_from_checkins,
    parse_insight_input,
)
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.checkins import list_checkins
from achillescare.services.load import prevention_days
from achillescare.services.runners import runner_today
from achillescare.services.shoes import runner_shoes
from achillescare.storage.db import Store

SURFACES: dict[str, str] = {
    "trail_running": "trail",
    "track_running": "track",
    "treadmill_running": "treadmill",
}
"""The surface a run's sport names; plain "running" says nothing of it (unknown, not road)."""


def insight_run(
    activity: Activity, shoe: Shoe | None = None, shoe_distance_before_m: float | None = None
) -> InsightRun:
    """What the insights read of a stored run: its features, its surface (from the sport), and
    its shoe (the pair it is assigned to, else the gear name its import gave) with the
    distance that pair had run before it and its drop, for the new-pair and drop comparisons."""
    return InsightRun(
        date=activity.start_local.date(),
        distance_m=activity.distance_m,
        duration_s=activity.moving_s or activity.duration_s,
        uphill_m=activity.uphill_m,
        fast_s=activity.fast_s,
        strides=activity.strides,
        surface=SURFACES.get(activity.sport),
        shoe=shoe.name if shoe is not None else activity.gear,
        shoe_distance_before_m=shoe_distance_before_m if shoe is not None else None,
        shoe_drop_mm=shoe.drop_mm if shoe is not None else None,
    )


def insight_input(store: Store, runner: Runner, until: date | None = None) -> InsightInput:
    """The runner's runs (those counted for load), mornings and prevention days up to ``until``.

    Each pair's distance before a run counts every run in it, oldest first (runs left out of
    the load too: the shoe wore them)."""
    day = until or runner_today(runner)
    shoes = {shoe.id: shoe for shoe in runner_shoes(store, runner) if shoe.id is not None}
    worn: dict[int, float] = {}
    runs = []
    for activity in list_activities(store, runner, until=day):
        shoe = shoes.get(activity.shoe_id) if activity.shoe_id is not None else None
        before = worn.get(activity.shoe_id, 0.0) if activity.shoe_id is not None else None
        if activity.counts_for_load:
            runs.append(insight_run(activity, shoe, before))
        if activity.shoe_id is not None and activity.is_run:
            worn[activity.shoe_id] = worn.get(activity.shoe_id, 0.0) + activity.distance_m
    mornings = mornings_from_checkins(list_checkins(store, runner, None, day))
    return InsightInput(
        tuple(runs), mornings, tuple(d for d in prevention_days(store, runner) if d <= day)
    )


def insights_for(store: Store, runner: Runner, until: date | None = None) -> Insights:
    """Every comparison of the runner's own run features and next mornings, ranked."""
    return insights(insight_input(store, runner, until), runner.units)


def insights_payload(payload: object, today: date, units: Units = Units.KM) -> Insights:
    """The ``insights --from-json`` contract: a ``decide --json``-shaped document in, the
    comparisons out; InvalidInput (exit 2) for unknown fields or out-of-range values."""
    try:
        data = parse_insight_input(payload, today)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    return insights(data, units)
