"""Personal insights as a use case: stored runs, check-ins and prevention sessions → the
comparisons of :mod:`achillescare.domain.insights`.

:func:`insights_for` reads the store; :func:`insights_payload` answers ``insights --from-json``
with no store at all. Both end in :func:`achillescare.domain.insights.insights`.
"""

from __future__ import annotations

from datetime import date

from achillescare.domain.activity.records import Activity
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
from achillescare.storage.db import Store

SURFACES: dict[str, str] = {
    "trail_running": "trail",
    "track_running": "track",
    "treadmill_running": "treadmill",
}
"""The surface a run's sport names; plain "running" says nothing of it (unknown, not road)."""


def insight_run(activity: Activity) -> InsightRun:
    """What the insights read of a stored run. The shoe is the activity's gear name when an
    import gave one; its distance before the run and its drop are not stored yet (None), so the
    new-pair and drop comparisons wait until shoes are kept with their mileage."""
    return InsightRun(
        date=activity.start_local.date(),
        distance_m=activity.distance_m,
        duration_s=activity.moving_s or activity.duration_s,
        uphill_m=activity.uphill_m,
        fast_s=activity.fast_s,
        strides=activity.strides,
        surface=SURFACES.get(activity.sport),
        shoe=activity.gear,
        shoe_distance_before_m=None,
        shoe_drop_mm=None,
    )


def insight_input(store: Store, runner: Runner, until: date | None = None) -> InsightInput:
    """The runner's runs (those counted for load), mornings and prevention days up to ``until``."""
    day = until or runner_today(runner)
    runs = tuple(
        insight_run(a) for a in list_activities(store, runner, until=day) if a.counts_for_load
    )
    mornings = mornings_from_checkins(list_checkins(store, runner, None, day))
    return InsightInput(
        runs, mornings, tuple(d for d in prevention_days(store, runner) if d <= day)
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
