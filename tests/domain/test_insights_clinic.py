"""The clinic summary counts runners, one per row, and hides counts of 1 and 2."""

from __future__ import annotations

import pytest

from achillescare.domain.insights import Association, Insights
from achillescare.domain.insights.associations import Verdict
from achillescare.domain.insights.clinic import (
    SHOE_MODEL,
    clinic_summary,
    runner_verdicts,
    shown_count,
)


def runner(*found: tuple[str, int, str, Verdict], mornings: int = 60) -> Insights:
    """A runner's insights: (feature, lag, outcome, verdict) per comparison."""
    return Insights(
        tuple(
            Association(feature, lag, outcome, 10, 10, verdict, "")  # type: ignore[arg-type]
            for feature, lag, outcome, verdict in found
        ),
        mornings,
    )


def hills(verdict: Verdict) -> Insights:
    return runner(
        ("uphill", 1, "morning_pain", verdict), ("uphill", 1, "morning_stiffness", "no sign")
    )


class TestShownCount:
    @pytest.mark.parametrize(
        ("runners", "shown"), [(0, "0"), (1, "<3"), (2, "<3"), (3, "3"), (40, "40")]
    )
    def test_it_hides_one_and_two(self, runners: int, shown: str) -> None:
        assert shown_count(runners) == shown


class TestRunnerVerdicts:
    def test_the_strongest_verdict_over_both_measures_counts(self) -> None:
        found = runner(
            ("fast", 1, "morning_pain", "possible"), ("fast", 1, "morning_stiffness", "likely")
        )
        assert runner_verdicts(found) == {("fast", 1): "likely"}

    def test_shoe_models_are_one_feature_and_their_names_go(self) -> None:
        found = runner(
            ("shoe:Red Pegasus of Ana", 1, "morning_pain", "possible"),
            ("shoe:Kinvara", 1, "morning_pain", "no sign"),
        )
        assert runner_verdicts(found) == {(SHOE_MODEL, 1): "possible"}


class TestClinicSummary:
    def test_it_counts_likely_possible_and_enough_data_per_row(self) -> None:
        runners = [hills("likely")] * 3 + [hills("possible")] * 3 + [hills("no sign")]
        summary = clinic_summary([*runners, runner(mornings=12)])
        [row] = summary.rows
        assert (row.feature, row.lag_days) == ("uphill", 1)
        assert (row.likely, row.possible, row.enough_data) == ("3", "3", "7")
        assert (summary.runners, summary.enough_data) == (8, "7")

    def test_small_counts_are_hidden_in_every_column(self) -> None:
        summary = clinic_summary([hills("likely"), hills("possible"), hills("no sign")])
        [row] = summary.rows
        assert (row.likely, row.possible, row.enough_data) == ("<3", "<3", "3")

    def test_a_runner_without_enough_data_for_a_row_is_not_in_its_count(self) -> None:
        short = runner(("uphill", 1, "morning_pain", "not enough data"))
        summary = clinic_summary([hills("likely")] * 3 + [short] * 5)
        assert summary.rows[0].enough_data == "3"

    def test_rows_come_in_a_fixed_order_whatever_the_counts(self) -> None:
        """Ordering by count would tell a hidden 1 from a hidden 2."""
        one = runner(
            ("surface:trail", 2, "morning_pain", "likely"),
            ("long_run", 2, "morning_pain", "no sign"),
        )
        two = runner(
            ("uphill", 1, "morning_pain", "likely"), ("long_run", 1, "morning_pain", "likely")
        )
        summary = clinic_summary([one, two, two])
        assert [(r.feature, r.lag_days) for r in summary.rows] == [
            ("long_run", 1), ("long_run", 2), ("uphill", 1), ("surface:trail", 2),
        ]  # fmt: skip
