"""Personal insights: planted effects are found, absent ones are not, and the words stay careful."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from achillescare.demo.planted import PLANTABLE, simulate_runner
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.insights import (
    InsightInput,
    InsightRun,
    Morning,
    insights,
    mornings_from_checkins,
    parse_insight_input,
    stats,
)
from achillescare.domain.insights import associations as asc
from achillescare.domain.insights import exposures as ex
from achillescare.domain.units import Units

SEEDS = 20
DAYS = 120


class TestPlantedEffects:
    """The validation by simulation (the full figures: benchmarks/insights_power.py)."""

    def test_it_finds_a_planted_uphill_effect_in_at_least_90_percent_of_seeds(self) -> None:
        """+1.5 points the morning after ≥ 150 m uphill is called likely at 120 days."""
        found = 0
        for seed in range(SEEDS):
            result = insights(simulate_runner(DAYS, seed, {"uphill": 1.5}))
            verdicts = {(a.feature, a.lag_days, a.outcome): a.verdict for a in result.associations}
            found += verdicts[("uphill", 1, "morning_pain")] == "likely"
        assert found / SEEDS >= 0.9

    @pytest.mark.parametrize("feature", ["fast", "strides"])
    def test_it_finds_other_planted_features(self, feature: str) -> None:
        """The method is not tuned to one feature: fast minutes and strides are found too."""
        found = 0
        for seed in range(10):
            result = insights(simulate_runner(DAYS, 100 + seed, {feature: 1.5}))
            found += any(
                a.feature == feature and a.lag_days == 1 and a.verdict == "likely"
                for a in result.associations
            )
        assert found >= 9

    def test_it_rarely_calls_features_without_a_planted_effect_likely(self) -> None:
        """At most 5 % of feature-seeds with no planted effect are called likely."""
        false = tested = 0
        for seed in range(SEEDS):
            result = insights(simulate_runner(DAYS, seed, {"uphill": 1.5}))
            for a in result.associations:
                if a.feature != "uphill" and a.verdict != "not enough data":
                    tested += 1
                    false += a.verdict == "likely"
        assert tested > 20 * SEEDS
        assert false / tested <= 0.05

    def test_it_finds_a_planted_stiffness_effect_in_minutes(self) -> None:
        """Stiffness is read in its own unit: +10 minutes after fast runs."""
        result = insights(simulate_runner(DAYS, 7, planted_stiffness={"fast": 10.0}))
        found = next(
            a
            for a in result.associations
            if (a.feature, a.lag_days, a.outcome) == ("fast", 1, "morning_stiffness")
        )
        assert found.verdict == "likely"
        assert found.unit == "min"
        assert found.effect is not None
        assert 6.0 < found.effect < 14.0

    def test_every_plantable_feature_is_compared(self) -> None:
        result = insights(simulate_runner(DAYS, 1))
        assert set(PLANTABLE) <= {a.feature for a in result.associations}


def _distance_confounded(seed: int) -> InsightInput:
    """Hills go with long runs, and only distance is followed by worse mornings."""
    rng = np.random.default_rng(seed)
    start = date(2025, 1, 1)
    runs: list[InsightRun] = []
    bump = np.zeros(201)
    for t in range(200):
        if rng.random() < 0.3:
            continue
        km = float(rng.uniform(5, 20))
        hilly = rng.random() < (0.8 if km > 12 else 0.15)
        runs.append(InsightRun(start + timedelta(days=t), km * 1000, uphill_m=300 if hilly else 20))
        bump[t + 1] = 0.25 * km
    mornings = tuple(
        Morning(
            start + timedelta(days=t), float(np.clip(np.rint(1 + bump[t] + rng.normal()), 0, 10))
        )
        for t in range(201)
    )
    return InsightInput(tuple(runs), mornings)


class TestDistanceAdjustment:
    def test_a_feature_that_travels_with_distance_is_compared_at_equal_distance(self) -> None:
        """Raw means differ by more than a point, yet hills are not called likely."""
        likely = 0
        for seed in range(5):
            result = insights(_distance_confounded(seed))
            hills = next(
                a
                for a in result.associations
                if (a.feature, a.lag_days, a.outcome) == ("uphill", 1, "morning_pain")
            )
            assert hills.mean_exposed is not None
            assert hills.mean_unexposed is not None
            assert hills.mean_exposed - hills.mean_unexposed > 1.0
            likely += hills.verdict == "likely"
        assert likely == 0


class TestNotEnoughData:
    def test_it_says_how_many_mornings_it_has_and_needs(self) -> None:
        result = insights(simulate_runner(20, 1, {"uphill": 1.5}))
        assert result.mornings < asc.MIN_MORNINGS
        assert {a.verdict for a in result.associations} == {"not enough data"}
        text = result.associations[0].text
        assert text == (
            f"Not enough data yet ({result.mornings} mornings after runs, need {asc.MIN_MORNINGS})."
        )

    def test_a_rare_feature_says_not_enough_data_alone(self) -> None:
        """A new pair seen on a handful of runs waits; the others are still compared."""
        data = simulate_runner(DAYS, 2)
        runs = tuple(
            InsightRun(r.date, r.distance_m, uphill_m=r.uphill_m, shoe="A",
                       shoe_distance_before_m=1000.0 if i < 3 else 300_000.0)
            for i, r in enumerate(data.runs)
        )  # fmt: skip
        result = insights(InsightInput(runs, data.mornings))
        verdicts = {(a.feature, a.lag_days, a.outcome): a for a in result.associations}
        rare = verdicts[("new_shoe", 1, "morning_pain")]
        assert rare.verdict == "not enough data"
        assert "need 8 of each" in rare.text
        assert verdicts[("uphill", 1, "morning_pain")].verdict != "not enough data"

    def test_no_data_gives_no_associations(self) -> None:
        assert insights(InsightInput((), ())).to_json() == {"associations": [], "mornings": 0}


class TestWordsAndContract:
    def test_the_json_has_the_contract_fields(self) -> None:
        item = insights(simulate_runner(DAYS, 3, {"uphill": 1.5})).to_json()["associations"]
        assert isinstance(item, list)
        assert set(item[0]) >= {
            "feature", "lag_days", "effect", "ci_low", "ci_high", "unit", "n_exposed",
            "n_unexposed", "verdict", "text",
        }  # fmt: skip
        assert item[0]["feature"] == "uphill"

    def test_the_text_never_speaks_of_causes(self) -> None:
        result = insights(simulate_runner(DAYS, 3, {"uphill": 1.5}), Units.MI)
        for a in result.associations:
            assert "caus" not in a.text.lower()
            assert "because" not in a.text.lower()
        top = result.associations[0]
        assert top.text.startswith("On mornings after runs with 492 ft or more uphill")
        assert top.text.endswith(": likely.")

    def test_miles_are_used_for_a_runner_in_miles(self) -> None:
        assert "31 mi" in asc.feature_label("new_shoe", Units.MI)
        assert "50 km" in asc.feature_label("new_shoe", Units.KM)

    def test_the_same_data_give_the_same_answer(self) -> None:
        """A fixed seed: the intervals are reproducible."""
        data = simulate_runner(DAYS, 4, {"strides": 1.0})
        assert insights(data).to_json() == insights(data).to_json()

    def test_the_rules_are_in_the_rulebook(self) -> None:
        ids = {rule.id for rule in all_rules()}
        assert {"INS-DATA", "INS-METHOD", "INS-LIKELY", "INS-FEATURES"} <= ids


class TestStatistics:
    def test_benjamini_hochberg_matches_a_hand_computation(self) -> None:
        q = stats.benjamini_hochberg([0.01, 0.04, 0.03, 0.005])
        assert q == pytest.approx([0.02, 0.04, 0.04, 0.02])

    def test_block_weights_cover_whole_blocks(self) -> None:
        rng = np.random.default_rng(0)
        weights = stats.block_weights(100, 50, rng, length=5)
        assert weights.shape == (50, 100)
        assert np.all(weights.sum(axis=1) == 20 * 5)
        assert np.all(weights >= 0)

    def test_the_effect_is_the_least_squares_coefficient(self) -> None:
        """The full-data estimate equals an ordinary least-squares fit of the same rows."""
        rng = np.random.default_rng(5)
        n = 80
        use = rng.random(n) < 0.8
        exposed = (rng.random(n) < 0.4).astype(float)
        before = rng.normal(3, 1, n)
        km = rng.uniform(5, 15, n)
        outcome = 1 + 1.2 * exposed + 0.5 * before + 0.1 * km + rng.normal(0, 0.5, n)
        design = stats.Design(use, exposed, before, outcome, km)
        estimate = stats.estimate_all([design], 99, 1)[0]
        x = np.column_stack([np.ones(n), exposed, before, km])[use]
        beta = np.linalg.lstsq(x, outcome[use], rcond=None)[0]
        assert estimate.effect == pytest.approx(beta[1])
        assert estimate.ci_low < estimate.effect < estimate.ci_high


class TestInputs:
    def test_a_decide_document_with_richer_runs_is_read(self) -> None:
        payload = {
            "as_of": "2026-11-24",
            "checkins": [
                {"date": "2026-11-24", "side": "left", "morning_pain": 2},
                {"date": "2026-11-24", "side": "right", "morning_pain": 4,
                 "morning_stiffness_min": 10},
            ],
            "runs": [
                {"date": "2026-11-23", "distance_km": 8.0, "duration_min": 45, "uphill_m": 180,
                 "fast_min": 6, "strides": 4, "shoe": "Pegasus 41", "surface": "trail",
                 "shoe_distance_before_km": 20, "shoe_drop_mm": 10},
                {"date": "2026-11-22", "distance_km": 5.0, "uphill_km": 0.05},
            ],
            "prevention": ["2026-11-22"],
        }  # fmt: skip
        data = parse_insight_input(payload, date(2026, 11, 25))
        assert data.mornings == (Morning(date(2026, 11, 24), 4.0, 10.0),)
        first = data.runs[0]
        assert (first.uphill_m, first.fast_s, first.shoe, first.surface) == (
            180.0, 360.0, "Pegasus 41", "trail",
        )  # fmt: skip
        assert first.shoe_distance_before_m == 20_000.0
        assert data.runs[1].uphill_m == pytest.approx(50.0)
        assert data.prevention_days == (date(2026, 11, 22),)

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ({"runs": [{"date": "2026-11-23", "distance_km": 8, "pace": 5}]}, "unknown field"),
            ({"runs": [{"date": "2026-11-23"}]}, "distance_km is required"),
            ({"runs": [{"date": "2026-11-26", "distance_km": 8}]}, "after as_of"),
            ({"runs": [{"date": "2026-11-23", "distance_km": 8, "shoe_drop_mm": 40}]}, "drop"),
            ({"checkins": [{"date": "2026-11-23", "side": "middle"}]}, "side"),
            ({"prevention": "yes"}, "prevention"),
            ({"unknown": 1}, "unknown field"),
        ],
    )
    def test_bad_input_is_refused_with_a_message(
        self, payload: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ValueError, match=message):
            parse_insight_input({"as_of": "2026-11-24", **payload}, date(2026, 11, 25))

    def test_the_worse_leg_makes_the_morning(self) -> None:
        day = date(2026, 1, 5)
        mornings = mornings_from_checkins(
            [CheckIn(day, "left", morning_pain=1, morning_stiffness_min=20),
             CheckIn(day, "right", morning_pain=3)]
        )  # fmt: skip
        assert mornings == (Morning(day, 3.0, 20.0),)


class TestExposures:
    def test_a_long_run_is_measured_against_the_previous_four_weeks(self) -> None:
        start = date(2026, 1, 1)
        runs = [InsightRun(start + timedelta(days=2 * i), 8000.0) for i in range(6)]
        runs.append(InsightRun(start + timedelta(days=12), 10_500.0))
        grid, exposures = ex.build(InsightInput(tuple(runs), ()))
        long_run = next(e for e in exposures if e.feature == "long_run").values
        assert np.isnan(long_run[0])
        assert np.isnan(long_run[4])
        assert long_run[6] == 0.0
        assert long_run[12] == 1.0
        assert grid.n_days == 13


class TestNumbers:
    def test_a_rounded_zero_has_no_minus_sign(self) -> None:
        assert asc._num(-0.3, 0) == "0"
        assert asc._num(-0.04, 1) == "0.0"
        assert asc._num(-1.6, 0) == "-2"
