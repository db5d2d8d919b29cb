"""Personal insights as a use case: stored runs, check-ins and prevention sessions → the
comparisons of :mod:`achillescare.domain.insights`.

:func:`insights_for` reads the store; :func:`insights_payload` answers ``insights --from-json``
with no store at all. Both end in :func:`achillescare.domain.insights.insights`.

The bootstrap makes one runner's insights cost tens of milliseconds, so the pages and the
clinic summary read them through :func:`cached_insights`, kept per store and keyed on the
version of the runner's inputs (:data:`achillescare.services.caches.insights_cache`);
:func:`clinic_summary_for` counts a specialist's runners together with no one in the counts
(:mod:`achillescare.domain.insights.clinic`).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from achillescare.domain.insights.clinic import ClinicSummary, clinic_summary
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput
from achillescare.services.activities import list_activities
from achillescare.services.caches import InsightsKey, insights_cache
from achillescare.services.checkins import list_checkins
from achillescare.services.load import prevention_days
from achillescare.services.runners import runner_today
from achillescare.services.shoes import runner_shoes
from achillescare.storage.db import Store
from achillescare.storage.repos import clinic as clinic_repo

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


def _key(runner: Runner, day: date, version: tuple[int, ...]) -> InsightsKey:
    return (
        runner.id,
        day,
        version,
        runner.units.value,
        runner.effective_fast_speed_m_s,
        runner.timezone,
    )


def cached_insights(
    store: Store, runner: Runner, until: date | None = None, version: tuple[int, ...] | None = None
) -> Insights:
    """:func:`insights_for`, from the store's cache while the runner's inputs are unchanged.

    ``version``: the runner's input version if the caller read it already (the clinic summary
    reads all its runners' in two queries); otherwise it is read here, in the same transaction
    as the inputs, so nothing is served for a version other than the one the database holds."""
    day = until or runner_today(runner)
    with store.shared() as session:
        if version is None:
            version = clinic_repo.insight_versions(session, [runner.id]).get(runner.id)
        if version is None:  # no such runner (deleted meanwhile): compute, keep nothing
            return insights_for(store, runner, day)
        cache = insights_cache(store)
        key = _key(runner, day, version)
        found = cache.get(key)
        if found is None:
            found = insights_for(store, runner, day)
            cache.put(key, found)
        return found


def clinic_summary_for(store: Store, runners: Sequence[Runner]) -> ClinicSummary:
    """How many of ``runners`` show each feature as likely or possible, each on their own day
    (:func:`runner_today`), with small counts suppressed. The caller chooses the runners: the
    clinic's are :func:`achillescare.services.accounts.shared_runners`, active shares only."""
    with store.shared() as session:  # one transaction: the versions and the inputs agree
        versions = clinic_repo.insight_versions(session, [runner.id for runner in runners])
        return clinic_summary(
            [cached_insights(store, runner, version=versions.get(runner.id)) for runner in runners]
        )


def insights_payload(payload: object, today: date, units: Units = Units.KM) -> Insights:
    """The ``insights --from-json`` contract: a ``decide --json``-shaped document in, the
    comparisons out; InvalidInput (exit 2) for unknown fields or out-of-range values."""
    try:
        data = parse_insight_input(payload, today)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    return insights(data, units)
