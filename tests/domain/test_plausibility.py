"""The house limits on what an activity, a check-in date and a fast pace can be."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from achillescare.domain.activity.plausibility import (
    MAX_FOOT_SPEED_M_S,
    implausible_activity,
    implausible_fast_speed,
)
from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.symptoms import validate_checkin
from tests.symptom_factories import TODAY, make_checkin

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def run(**changes: object) -> Activity:
    base = Activity(
        start_utc=NOW - timedelta(days=1),
        sport="running",
        distance_m=10_000.0,
        duration_s=3_000.0,
        moving_s=3_000.0,
        source="x",
        source_kind="manual",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_real_runs_at_the_edges_of_human_performance_pass() -> None:
    """A 100 m sprint, a 24-hour race, a multi-day ultra and a run this morning abroad."""
    assert implausible_activity(run(distance_m=100.0, duration_s=9.6, moving_s=9.6), NOW) is None
    assert (
        implausible_activity(run(distance_m=320_000.0, duration_s=86_400.0, moving_s=80_000.0), NOW)
        is None
    )
    assert (
        implausible_activity(
            run(distance_m=330_000.0, duration_s=5 * 86_400.0, moving_s=300_000.0), NOW
        )
        is None
    )
    assert implausible_activity(run(start_utc=NOW + timedelta(hours=13)), NOW) is None
    assert implausible_activity(run(start_utc=datetime(1990, 1, 1, tzinfo=UTC)), NOW) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"start_utc": datetime(1989, 12, 31, tzinfo=UTC)}, "before 1990"),
        ({"start_utc": NOW + timedelta(days=2)}, "in the future"),
        ({"duration_s": 8 * 86_400.0}, "it lasts 8.0 days, more than 7 days"),
        ({"distance_m": float("nan")}, "not a number"),
        ({"moving_s": -1.0}, "negative"),
        ({"distance_m": 1_000_001.0, "duration_s": 6 * 86_400.0}, "1,000 km on foot"),
        ({"distance_m": 36_001.0}, "average speed of 43.2 km/h"),
    ],
)
def test_impossible_runs_are_refused_with_the_reason(
    changes: dict[str, object], reason: str
) -> None:
    found = implausible_activity(run(**changes), NOW)
    assert found is not None
    assert reason in found


def test_other_sports_are_held_to_the_speed_of_a_car_not_a_runner() -> None:
    ride = run(sport="cycling", distance_m=200_000.0, duration_s=20_000.0, moving_s=20_000.0)
    assert implausible_activity(ride, NOW) is None
    flight = replace(ride, distance_m=3_000_000.0)
    assert "the limit is 360 km/h" in (implausible_activity(flight, NOW) or "")


def test_a_fast_pace_must_be_a_human_one() -> None:
    assert implausible_fast_speed(MAX_FOOT_SPEED_M_S) is None
    assert "faster than anyone runs" in (implausible_fast_speed(1000.0) or "")
    assert "positive" in (implausible_fast_speed(0.0) or "")


def test_a_checkin_dated_year_1_is_refused() -> None:
    with pytest.raises(ValueError, match="the check-in date 0001-01-01 is before 1990"):
        validate_checkin(replace(make_checkin(0), date=date(1, 1, 1)), TODAY)
    validate_checkin(replace(make_checkin(0), date=date(1990, 1, 1)), TODAY)
