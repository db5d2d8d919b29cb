"""Shoes in the domain: checked fields, gear names, default shoes, distance per pair, the
replacement reminder and the shoe-change caution (GEAR-1, GEAR-2, GEAR-3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from achillescare.domain.activity.records import Activity
from achillescare.domain.decision.daily import TrainingFacts, decide, training_reasons
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.gear.caution import CAUTION_WINDOW_DAYS, shoe_changes, shoe_signal
from achillescare.domain.gear.shoes import (
    DEFAULT_REMINDER_M,
    Shoe,
    default_shoe,
    match_gear,
    shoe_for_activity,
    shoe_use,
)

TODAY = date(2026, 5, 20)
OLD = Shoe("Pegasus", "Nike", "Pegasus 41", drop_mm=10, first_used=date(2026, 1, 1), id=1)
LOW = Shoe("Zero", "Altra", "Escalante 4", drop_mm=0, first_used=date(2026, 1, 10), id=2)
TWIN = Shoe("Pegasus spare", "Nike", "Pegasus 41", drop_mm=10, first_used=date(2026, 1, 5), id=3)


def run(day: date, shoe: Shoe | None, distance_m: float = 8000, **overrides: object) -> Activity:
    base = Activity(
        start_utc=datetime(day.year, day.month, day.day, 7, tzinfo=UTC),
        sport="running",
        distance_m=distance_m,
        duration_s=distance_m * 0.33,
        moving_s=distance_m * 0.33,
        source="test",
        source_kind="manual",
        shoe_id=shoe.id if shoe else None,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def history(*pairs: tuple[int, Shoe | None]) -> list[Activity]:
    """Runs ``days_ago`` before TODAY, in the given shoes."""
    return [run(TODAY - timedelta(days=ago), shoe) for ago, shoe in pairs]


class TestShoe:
    def test_it_refuses_values_out_of_range_with_a_sentence(self) -> None:
        with pytest.raises(ValueError, match="drop must be 0–30 mm, not 100 mm"):
            Shoe("Typo", drop_mm=100)
        with pytest.raises(ValueError, match="replacement distance must be 50–5000 km"):
            Shoe("Typo", reminder_m=10)
        with pytest.raises(ValueError, match=r"retired .* before its first use"):
            Shoe("Typo", first_used=date(2026, 2, 1), retired_on=date(2026, 1, 1))
        with pytest.raises(ValueError, match="give the shoe a name"):
            Shoe("   ")
        with pytest.raises(ValueError, match="sport 'rowboat'"):
            Shoe("Typo", default_sports=("rowboat",))

    def test_it_defaults_the_reminder_to_700_km_and_keeps_a_zero_drop(self) -> None:
        assert LOW.reminder_m == DEFAULT_REMINDER_M == 700_000
        assert LOW.drop_mm == 0
        assert LOW.label == "Zero (Altra Escalante 4)"


class TestGearNames:
    def test_it_matches_strava_gear_by_name_or_make_and_model(self) -> None:
        assert match_gear("nike  PEGASUS 41", [OLD, LOW]) == OLD
        assert match_gear("Altra Escalante 4 Zero", [OLD, LOW]) == LOW  # brand model nickname
        assert match_gear("zero", [OLD, LOW]) == LOW
        assert match_gear("Canyon Endurace", [OLD, LOW]) is None

    def test_a_pair_still_worn_wins_over_a_retired_one_of_the_same_name(self) -> None:
        retired = replace(OLD, id=9, retired_on=date(2026, 3, 1))
        assert match_gear("Pegasus", [retired, OLD]) == OLD

    def test_the_default_shoe_of_the_sport_is_used_when_no_gear_is_named(self) -> None:
        daily = replace(OLD, default_sports=("running",))
        trail = replace(LOW, default_sports=("trail_running",))
        assert default_shoe([daily, trail], "running", TODAY) == daily
        assert shoe_for_activity([daily, trail], run(TODAY, None)) == daily
        trail_run = run(TODAY, None, sport="trail_running")
        assert shoe_for_activity([daily, trail], trail_run) == trail

    def test_a_retired_default_or_unknown_gear_assigns_nothing(self) -> None:
        daily = replace(OLD, default_sports=("running",), retired_on=date(2026, 4, 1))
        assert shoe_for_activity([daily], run(TODAY, None)) is None
        live = replace(daily, retired_on=None)
        assert shoe_for_activity([live], run(TODAY, None, gear="Canyon Endurace")) is None


class TestDistance:
    def test_it_sums_the_distance_of_each_pair_and_reminds_past_the_limit(self) -> None:
        worn = replace(OLD, reminder_m=50_000)
        runs = [run(TODAY - timedelta(days=ago), worn, 20_000) for ago in (30, 20, 10)]
        uses = shoe_use([worn, LOW], [*runs, run(TODAY, LOW)])
        assert [(u.shoe.id, u.distance_m, u.activities) for u in uses] == [
            (1, 60_000, 3),
            (2, 8_000, 1),
        ]
        assert [u.due for u in uses] == [True, False]
        assert uses[0].remaining_m == -10_000
        assert (uses[0].first_day, uses[0].last_day) == (
            TODAY - timedelta(days=30),
            TODAY - timedelta(days=10),
        )

    def test_a_retired_pair_is_never_due(self) -> None:
        worn = replace(OLD, reminder_m=50_000, retired_on=TODAY)
        [use] = shoe_use([worn], [run(TODAY, worn, distance_m=60_000)])
        assert not use.due


class TestCaution:
    def test_a_switch_to_a_lower_drop_within_14_days_is_a_caution(self) -> None:
        signal = shoe_signal(history((30, OLD), (20, OLD), (3, LOW)), [OLD, LOW], TODAY)
        assert signal is not None
        assert (signal.id, signal.status, signal.value) == ("shoe_change", "caution", 10)
        assert "Pegasus (10 mm drop) to Zero (0 mm)" in signal.explanation
        assert "Malisoux et al. 2016" in signal.source

    def test_an_old_pair_of_the_same_drop_is_no_caution(self) -> None:
        runs = history((40, OLD), (35, TWIN), (30, OLD), (3, TWIN), (1, OLD))
        assert shoe_signal(runs, [OLD, TWIN], TODAY) is None

    def test_a_new_pair_is_a_caution_even_with_the_same_drop(self) -> None:
        new = replace(TWIN, id=4, first_used=None)
        signal = shoe_signal(history((30, OLD), (2, new)), [OLD, new], TODAY)
        assert signal is not None
        assert signal.value is None
        assert signal.explanation.startswith("You started a new pair, Pegasus spare,")
        assert "AchillesCare convention" in signal.source  # GEAR-2 is a house rule

    def test_the_caution_ends_after_14_days(self) -> None:
        runs = history((40, OLD), (CAUTION_WINDOW_DAYS, LOW), (2, LOW))
        assert shoe_signal(runs, [OLD, LOW], TODAY) is None
        runs = history((40, OLD), (CAUTION_WINDOW_DAYS - 1, LOW))
        assert shoe_signal(runs, [OLD, LOW], TODAY) is not None

    def test_a_switch_back_up_to_a_higher_drop_is_no_caution(self) -> None:
        assert shoe_changes(history((40, LOW), (3, OLD)), [OLD, LOW], TODAY) == []

    def test_runs_left_out_of_the_load_or_after_the_day_do_not_count(self) -> None:
        left_out = [*history((30, OLD)), run(TODAY, LOW, excluded_reason="a friend's run")]
        assert shoe_signal(left_out, [OLD, LOW], TODAY) is None
        later = [*history((30, OLD)), run(TODAY + timedelta(days=1), LOW)]
        assert shoe_signal(later, [OLD, LOW], TODAY) is None

    def test_the_caution_shows_among_the_reasons_but_never_decides(self) -> None:
        signal = shoe_signal(history((30, OLD), (3, LOW)), [OLD, LOW], TODAY)
        assert signal is not None
        [reason] = training_reasons([signal])
        assert (reason.rule, reason.level) == ("TRAIN-2", None)
        plain = decide([], TODAY, TrainingFacts())
        with_shoe = decide([], TODAY, TrainingFacts(signals=(signal,)))
        assert with_shoe.decision == plain.decision
        worded = next(r for r in with_shoe.reasons if r.rule == "TRAIN-2")
        assert worded.text == signal.explanation


def test_the_rules_are_in_the_rulebook_with_their_evidence() -> None:
    rules = {rule.id: rule for rule in all_rules()}
    assert rules["GEAR-1"].sources == ("malisoux2016", "house")
    assert rules["GEAR-1"].verification == "partly"
    assert "HR 1.67" in rules["GEAR-1"].notes
    assert rules["GEAR-2"].verification == rules["GEAR-3"].verification == "house"
