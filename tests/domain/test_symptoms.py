"""Check-in validation and the ``decide --json`` input: ranges, dates, unknown fields."""

from __future__ import annotations

from typing import Any

import pytest

from achillescare.domain.assessment.symptoms import CheckIn, checkin_from_dict, validate_checkin
from achillescare.domain.decision.inputs import decide_request, parse_decide_input, training_facts
from achillescare.domain.load.table import daily_series_from_entries, run_entries_from_dicts
from tests.symptom_factories import TODAY, day, make_checkin


def test_it_accepts_a_full_checkin() -> None:
    """Every documented field, in range, round-trips through to_dict."""
    data = make_checkin(0, session_rpe=4, sleep_hours=7.5, fatigue=3, notes="ok").to_dict()
    assert checkin_from_dict(data, TODAY) == make_checkin(
        0, session_rpe=4, sleep_hours=7.5, fatigue=3, notes="ok"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"morning_pain": 11}, "morning_pain must be from 0 to 10"),
        ({"pain_during_run": -1}, "pain_during_run must be from 0 to 10"),
        ({"pain_after_run": 2.5}, "whole number"),
        ({"morning_stiffness_min": 2000}, "morning_stiffness_min"),
        ({"side": "middle"}, "side must be"),
        ({"date": "24/11/2026"}, "YYYY-MM-DD"),
        ({"date": "2026-11-25"}, "in the future"),
        ({"swelling": "yes"}, "swelling must be true, false or null"),
        ({"location": "knee"}, "location must be one of"),
        ({"colour": "red"}, "unknown field"),
        ({"ran": False, "pain_during_run": 3}, "pain during the run was given.*did you run” is no"),
        ({"ran": False, "pain_built_during_run": True}, "building up during the run.*is no"),
        ({"corticosteroid": 1}, "corticosteroid must be true, false or null"),
        ({"session_rpe": 12}, "session_rpe"),
        ({"sleep_hours": 30}, "sleep_hours"),
    ],
)
def test_it_refuses_invalid_checkins(change: dict[str, Any], message: str) -> None:
    """Each out-of-range or malformed value is refused with a message naming the field."""
    data = {"date": TODAY.isoformat(), "side": "left", "morning_pain": 2} | change
    with pytest.raises(ValueError, match=message):
        checkin_from_dict(data, TODAY)


def test_a_null_or_missing_red_flag_item_stays_unanswered_not_no() -> None:
    """A null or missing yes/no item stays None (unanswered), never False; a null pain stays
    None (not asked); the unanswered red-flag items are listed."""
    c = checkin_from_dict(
        {"date": "2026-11-24", "side": "right", "swelling": None, "morning_pain": None}, TODAY
    )
    assert c.swelling is None
    assert c.sudden_pop is None
    assert c.morning_pain is None
    assert "sudden_pop" in c.unanswered_red_flags()
    assert "pain_built_during_run" not in c.unanswered_red_flags()  # no run reported


def test_it_refuses_a_future_checkin_object() -> None:
    """validate_checkin rejects a date after today."""
    with pytest.raises(ValueError, match="future"):
        validate_checkin(CheckIn(day(1), "left"), TODAY)


def test_it_infers_a_run_from_run_pains() -> None:
    """ran unknown but pain during the run given → it was a run."""
    assert CheckIn(TODAY, "left", pain_during_run=2).did_run


def payload(**kw: Any) -> dict[str, Any]:
    return {"as_of": "2026-11-24", "checkins": [], "runs": [], "visa_a": []} | kw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extra": 1}, "unknown field"),
        ({"as_of": "2026-12-01"}, "future"),
        (
            {"checkins": [{"date": "2026-11-24", "side": "left", "morning_pain": 12}]},
            r"checkins\[0\]: morning_pain",
        ),
        ({"checkins": [{"date": "2026-11-24", "side": "left"}] * 2}, "second check-in"),
        ({"runs": [{"date": "2026-11-20", "distance_km": 5, "pace": 4}]}, "unknown field"),
        ({"runs": [{"date": "2026-11-20", "distance_km": -5}]}, "distance_km"),
        ({"as_of": "2026-11-20", "runs": [{"date": "2026-11-21", "distance_km": 5}]}, "after"),
        ({"visa_a": [{"date": "2026-11-20", "score": 101}]}, "0–100"),
        ({"visa_a": [{"date": "2026-11-20", "score": 50, "side": "left"}]}, "unknown"),
        ({"checkins": {"date": "2026-11-24"}}, "list of objects"),
        ({"birth_year": 1850}, "birth_year must be a year"),
        ({"birth_year": "2010"}, "birth_year must be a year"),
        ({"birth_year": 2027}, "birth_year must be a year"),
    ],
)
def test_it_refuses_invalid_decide_input(change: dict[str, Any], message: str) -> None:
    """Unknown fields, out-of-range values and impossible dates are refused."""
    with pytest.raises(ValueError, match=message):
        parse_decide_input(payload(**change), TODAY)


def test_it_defaults_as_of_to_today() -> None:
    """Without as_of the decision is for today."""
    assert parse_decide_input({}, TODAY).as_of == TODAY


def test_it_reads_the_longest_run_of_thirty_days_from_runs() -> None:
    """Runs of 8, 12 and 5 km (the 12 km 31 days ago) → 30-day longest 8 km, last run 5 km."""
    rows = [
        {"date": day(-31).isoformat(), "distance_km": 12},
        {"date": day(-10).isoformat(), "distance_km": 8},
        {"date": day(-2).isoformat(), "distance_km": 5},
    ]
    series = daily_series_from_entries(run_entries_from_dicts(rows), end=TODAY)
    facts = training_facts(series, TODAY, [])
    assert facts.longest_run_30d_m == 8000
    assert facts.last_run_m == 5000
    assert facts.week_distance_m == (5000, 8000)


def test_it_reads_a_real_spike_from_the_load_module() -> None:
    """5 km every other day for a month, then 10 km yesterday: the load module calls the spike
    high, so a pain-free runner is told to modify (TRAIN-1) and shown the signal."""
    rows = [{"date": day(-k).isoformat(), "distance_km": 5} for k in range(31, 2, -2)]
    rows.append({"date": day(-1).isoformat(), "distance_km": 10})
    checkins = [make_checkin(-1).to_dict(), make_checkin(0).to_dict()]
    request = parse_decide_input(payload(checkins=checkins, runs=rows), TODAY)
    result = decide_request(request)
    spike = next(s for s in result.signals if s.id == "single_run_spike")
    assert spike.status == "high"
    assert result.decision == "modify"
    assert "TRAIN-1" in {r.rule for r in result.reasons}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"side": "left"}, "date is required"),
        ({"date": 20261124, "side": "left"}, "YYYY-MM-DD"),
        ({"date": "2026-11-24", "side": "left", "ran": "yes"}, "ran must be"),
        ({"date": "2026-11-24", "side": "left", "sleep_hours": "long"}, "sleep_hours"),
        ({"date": "2026-11-24", "side": "left", "notes": 5}, "notes must be text"),
        ({"date": "2026-11-24", "side": "left", "notes": "x" * 2001}, "2000 characters"),
        ({"date": "2026-11-24", "side": "left", "morning_pain": "3"}, "whole number"),
    ],
)
def test_it_names_the_field_of_every_malformed_value(data: dict[str, Any], message: str) -> None:
    """Missing dates, wrong types and over-long notes are refused with the field's name."""
    with pytest.raises(ValueError, match=message):
        checkin_from_dict(data, TODAY)


def test_it_validates_constructed_checkins_too() -> None:
    """A CheckIn built in code is held to the same rules (side, location, ranges)."""
    for bad in (
        CheckIn(TODAY, "middle"),  # type: ignore[arg-type]
        CheckIn(TODAY, "left", location="knee"),  # type: ignore[arg-type]
        CheckIn(TODAY, "left", morning_pain=12),
        CheckIn(TODAY, "left", sleep_hours=-1.0),
    ):
        with pytest.raises(ValueError, match="must"):
            validate_checkin(bad, TODAY)


def test_it_lists_the_yes_answers_and_the_worst_pain() -> None:
    """flags() names the yes items; max_pain() the highest answered pain, None when none."""
    c = CheckIn(TODAY, "left", swelling=True, night_pain=True, pain_after_run=4, morning_pain=2)
    assert c.flags() == ("swelling", "night_pain")
    assert c.max_pain() == 4
    assert CheckIn(TODAY, "left").max_pain() is None


def test_it_refuses_visa_a_scores_after_as_of_and_a_list_payload() -> None:
    """A VISA-A dated after as_of, and a payload that is not an object, are refused."""
    with pytest.raises(ValueError, match="after as_of"):
        parse_decide_input(payload(as_of="2026-11-20", visa_a=[{"date": "2026-11-21", "score": 50}]),
                           TODAY)  # fmt: skip
    with pytest.raises(ValueError, match="one JSON object"):
        parse_decide_input([], TODAY)


def test_it_decides_without_runs_and_reports_no_signals() -> None:
    """No runs in the request: no signals; the check-ins report runs, so the advice says no
    distances were given (not that there was no run)."""
    request = parse_decide_input(
        payload(checkins=[make_checkin(-1).to_dict(), make_checkin(0).to_dict()],
                visa_a=[{"date": "2026-11-01", "score": 80}]), TODAY)  # fmt: skip
    result = decide_request(request)
    assert result.signals == ()
    assert result.to_json()["signals"] == []
    assert any("nothing to scale today's distance from" in line for line in result.advice)
    assert not any("No run in the last 30 days" in line for line in result.advice)


def test_it_reads_no_training_facts_from_an_empty_series() -> None:
    """An empty series gives unknown distances, not zeros."""
    facts = training_facts(daily_series_from_entries([], end=TODAY), TODAY, [])
    assert (facts.longest_run_30d_m, facts.last_run_m, facts.week_distance_m) == (None, None, None)
