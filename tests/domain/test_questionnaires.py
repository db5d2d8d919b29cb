"""VISA-A and OSTRC-O2 scoring on worked examples (Robinson et al. 2001; the ostRc package's test vectors)."""

from __future__ import annotations

from datetime import date

import pytest

from achillescare.domain.assessment.questionnaires import (
    BRANCH_POINTS,
    OstrcO2,
    StoredResponse,
    VisaA,
    interpret_visa_a,
    minute_band,
    ostrc_change,
    ostrc_from_json,
    questionnaires_due,
    visa_a_change,
    visa_a_from_json,
)


def visa(items: list[int], branch: str, minutes: int) -> dict[str, object]:
    data: dict[str, object] = {str(n): v for n, v in enumerate(items, start=1)}
    data["8"] = {"branch": branch, "minutes": minutes}
    return data


@pytest.mark.parametrize(
    ("fixture", "items", "branch", "minutes", "total"),
    [
        ("VISA-T1 symptom-free", [10, 10, 10, 10, 10, 10, 10], "A", 45, 100),
        ("VISA-T2 typical runner", [7, 6, 7, 8, 5, 4, 4], "B", 15, 51),
        ("VISA-T3 severe", [2, 3, 2, 4, 1, 0, 0], "C", 0, 12),
        ("VISA-T4 awell median", [5, 5, 5, 5, 5, 5, 10], "B", 15, 50),
        ("VISA-T5 awell random", [3, 8, 2, 3, 0, 7, 7], "A", 25, 51),
        ("VISA-T6 patientoutcome", [0, 0, 0, 0, 0, 0, 0], "C", 25, 7),
        ("VISA-T7 minimum", [0, 0, 0, 0, 0, 0, 0], "A", 0, 0),
    ],
)
def test_it_scores_the_worked_examples(
    fixture: str, items: list[int], branch: str, minutes: int, total: int
) -> None:
    """Each spec fixture totals as published."""
    assert visa_a_from_json(visa(items, branch, minutes)).score == total, fixture


@pytest.mark.parametrize(
    ("minutes", "band"),
    [(0, 0), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3), (30, 3), (31, 4), (600, 4)],
)
def test_it_places_minutes_in_the_published_bands(minutes: int, band: int) -> None:
    """nil / 1–10 / 11–20 / 21–30 / > 30 minutes, boundaries included in the lower band."""
    assert minute_band(minutes) == band


@pytest.mark.parametrize("branch", ["A", "B", "C"])
@pytest.mark.parametrize("minutes", [0, 1, 10, 11, 20, 21, 30, 31])
def test_it_scores_item_eight_in_every_branch_and_band(branch: str, minutes: int) -> None:
    """Item 8 points are the branch's value for the band (A 0/7/14/21/30, B 0/4/10/14/20,
    C 0/2/5/7/10); items 1–7 at zero isolate them."""
    expected = {
        "A": [0, 7, 7, 14, 14, 21, 21, 30],
        "B": [0, 4, 4, 10, 10, 14, 14, 20],
        "C": [0, 2, 2, 5, 5, 7, 7, 10],
    }[branch][[0, 1, 10, 11, 20, 21, 30, 31].index(minutes)]
    response = visa_a_from_json(visa([0] * 7, branch, minutes))
    assert response.score == expected == response.item8_points
    assert expected in BRANCH_POINTS[branch]  # type: ignore[index]


def test_it_refuses_item_seven_of_five() -> None:
    """VISA-T8: item 7 = 5 is not an answer."""
    with pytest.raises(ValueError, match="item 7"):
        visa_a_from_json(visa([5] * 7, "A", 0))


def test_it_refuses_two_branches() -> None:
    """VISA-T9: answers in branches A and B → error, not silently one of them."""
    data = visa([5] * 6 + [4], "A", 10)
    data["8"] = {"branch": "A", "minutes": 10, "B": 10}
    with pytest.raises(ValueError, match="one branch"):
        visa_a_from_json(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"1": 11}, "from 0 to 10"),
        ({"6": -1}, "from 0 to 10"),
        ({"3": 2.5}, "whole number"),
        ({"2": True}, "whole number"),
        ({"9": 1}, "unknown"),
        ({"8": {"branch": "D", "minutes": 5}}, "branch"),
        ({"8": {"branch": "A", "minutes": -1}}, "minutes"),
        ({"8": 30}, "item 8"),
    ],
)
def test_it_refuses_out_of_range_answers(change: dict[str, object], message: str) -> None:
    """Each out-of-range or malformed answer is refused with a message naming it."""
    data = visa([5] * 6 + [4], "B", 15) | change
    with pytest.raises(ValueError, match=message):
        visa_a_from_json(data)


def test_it_gives_no_total_for_an_incomplete_form() -> None:
    """VISA-4: a missing item means no total (no pro-rating)."""
    data = visa([5] * 6 + [4], "B", 15)
    del data["5"]
    with pytest.raises(ValueError, match="incomplete"):
        visa_a_from_json(data)


def test_it_reports_the_json_contract() -> None:
    """The --json output carries the score, per-item points and item 8 details."""
    out = visa_a_from_json(visa([7, 6, 7, 8, 5, 4, 4], "B", 15)).to_json()
    assert out["score"] == 51
    assert out["item8"] == {"branch": "B", "minutes": 15, "band": "11–20 min", "points": 10}


@pytest.mark.parametrize(
    ("fixture", "answers", "severity", "substantial"),
    [
        ("OSTRC-T1", (2, 3, 3, 3), 92, True),
        ("OSTRC-T2", (1, 2, 1, 1), 41, True),
        ("OSTRC-T3", (1, 2, 2, 0), 42, True),
        ("OSTRC-T4", (0, 0, 0, 0), 0, False),
        ("OSTRC-T6", (1, 0, 2, 1), 33, True),
        ("could not participate", (3, 0, 0, 0), 25, True),
        ("moderate pain only", (0, 0, 0, 2), 17, False),
    ],
)
def test_it_scores_ostrc_o2_fixtures(
    fixture: str, answers: tuple[int, int, int, int], severity: int, substantial: bool
) -> None:
    """Answer indexes become 0/8/17/25; severity = sum; substantial = Q1 25 or Q2/Q3 ≥ 17."""
    response = OstrcO2(answers)
    assert response.score == severity, fixture
    assert response.substantial is substantial, fixture


@pytest.mark.parametrize("q2", [0, 1, 2, 3])
def test_it_draws_the_substantial_line_at_moderate(q2: int) -> None:
    """Q2 boundary: minor (8) is not substantial, moderate (17) is."""
    assert OstrcO2((1, q2, 0, 1)).substantial is (q2 >= 2)


def test_it_refuses_version_one_codes() -> None:
    """OSTRC-T9: answers are indexes 0–3; a points code such as 8 is refused."""
    with pytest.raises(ValueError, match="from 0 to 3"):
        ostrc_from_json({"1": 8, "2": 0, "3": 0, "4": 0})


def test_it_applies_the_gatekeeper() -> None:
    """No problem on Q1 and Q4: Q2 and Q3 may be left out (score 0) but not answered above 0."""
    assert ostrc_from_json({"1": 0, "4": 0}).score == 0
    with pytest.raises(ValueError, match="contradictory"):
        ostrc_from_json({"1": 0, "2": 1, "3": 0, "4": 0})
    with pytest.raises(ValueError, match="question 2"):
        ostrc_from_json({"1": 1, "4": 0})


def test_it_refuses_unknown_ostrc_questions() -> None:
    """A fifth question is refused."""
    with pytest.raises(ValueError, match="unknown"):
        ostrc_from_json({"1": 0, "2": 0, "3": 0, "4": 0, "5": 1})


def test_it_judges_visa_a_change_against_the_mcid() -> None:
    """14 points over 12 weeks is meaningful, 13 is not; over 24 weeks 7 is enough."""
    start = date(2026, 1, 1)
    assert visa_a_change((start, 50), (date(2026, 3, 26), 64)).verdict == "improved"
    assert visa_a_change((start, 50), (date(2026, 3, 26), 63)).verdict == "no meaningful change"
    assert visa_a_change((start, 50), (date(2026, 6, 18), 57)).verdict == "improved"
    assert visa_a_change((start, 64), (date(2026, 2, 1), 50)).verdict == "worse"


def test_it_calls_small_ostrc_changes_uncertain() -> None:
    """OSTRC-O2 severity changes under 25 points are uncertain."""
    start, end = date(2026, 1, 1), date(2026, 1, 8)
    assert ostrc_change((start, 17), (end, 41)).verdict == "uncertain"
    assert ostrc_change((start, 17), (end, 42)).verdict == "worse"
    assert ostrc_change((start, 50), (end, 0)).verdict == "improved"


def test_it_keeps_visa_a_within_zero_and_a_hundred() -> None:
    """The maximum answers give exactly 100, the minimum 0."""
    assert VisaA((10,) * 7, "A", 999).score == 100
    assert VisaA((0,) * 7, "C", 0).score == 0


def test_it_prompts_each_questionnaire_weekly() -> None:
    """Never answered or answered 7+ days ago → due; answered 6 days ago → not due."""
    today = date(2026, 11, 24)
    visa = StoredResponse("visa_a", date(2026, 11, 18), {}, 60)
    assert questionnaires_due([visa], today) == ["ostrc_o2"]
    old = StoredResponse("ostrc_o2", date(2026, 11, 17), {}, 8)
    assert questionnaires_due([visa, old], today) == ["ostrc_o2"]
    assert questionnaires_due([], today) == ["visa_a", "ostrc_o2"]


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (100, "without Achilles symptoms"),
        (93, "recovered"),
        (64, "non-surgical"),
        (50, "between"),
        (43, "severe"),
    ],
)
def test_it_places_a_score_against_the_reference_groups(score: int, words: str) -> None:
    """Robinson 2001 reference means: controls > 96, non-surgical 64, pre-surgical 44."""
    assert words in interpret_visa_a(score)


def test_it_refuses_malformed_visa_a_and_ostrc_objects() -> None:
    """Six items, a branch D, three OSTRC answers and a missing Q1 are all refused."""
    with pytest.raises(ValueError, match="items 1 to 7"):
        VisaA((5,) * 6, "A", 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="branch"):
        VisaA((5, 5, 5, 5, 5, 5, 4), "D", 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="four questions"):
        OstrcO2((0, 0, 0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="question 1"):
        ostrc_from_json({"2": 0, "3": 0, "4": 0})


def test_it_reports_the_ostrc_json_contract() -> None:
    """score, substantial, problem and points per question."""
    out = OstrcO2((1, 2, 1, 1)).to_json()
    assert (out["score"], out["substantial"], out["problem"]) == (41, True, True)
    assert out["points"] == {"1": 8, "2": 17, "3": 8, "4": 8}


class TestVisaAItem8Incomplete:
    """An item-8 branch without minutes is an unanswered item: no total, never "nil" = 0."""

    @pytest.mark.parametrize("branch", ["A", "B", "C"])
    @pytest.mark.parametrize("minutes", ["absent", None])
    def test_visa_a_b_branch_without_minutes_is_refused_not_scored_as_zero(
        self, branch: str, minutes: object
    ) -> None:
        """The B-branch (and A, C) with no minutes names item 8 and gives no total."""
        data = visa([7, 6, 7, 8, 5, 4, 4], branch, 0)
        data["8"] = {"branch": branch} | ({} if minutes == "absent" else {"minutes": minutes})
        with pytest.raises(ValueError, match=f"item 8 branch {branch} has no minutes"):
            visa_a_from_json(data)

    def test_visa_a_item_8_without_a_branch_is_refused(self) -> None:
        """Minutes with no branch: item 8 is unanswered."""
        data = visa([7, 6, 7, 8, 5, 4, 4], "B", 0)
        data["8"] = {"minutes": 15}
        with pytest.raises(ValueError, match="item 8 has no branch"):
            visa_a_from_json(data)

    def test_visa_a_b_branch_with_nil_minutes_is_still_a_valid_answer(self) -> None:
        """ "Nil" given explicitly is one of the five bands and scores 0."""
        assert visa_a_from_json(visa([7, 6, 7, 8, 5, 4, 4], "B", 0)).item8_points == 0

    @pytest.mark.parametrize(
        "item8",
        [
            ["B", 15],
            "B",
            15,
            {"branch": ["B"], "minutes": 15},
            {"branch": {"B": True}, "minutes": 15},
            {"branch": "B", "minutes": [15]},
            {"branch": "B", "minutes": {"n": 15}},
            {"branch": "B", "minutes": "15"},
        ],
    )
    def test_visa_a_item_8_of_the_wrong_type_is_a_clear_error_not_a_crash(
        self, item8: object
    ) -> None:
        """Lists, objects, strings and numbers in the wrong place raise ValueError naming item 8."""
        data = visa([7, 6, 7, 8, 5, 4, 4], "B", 15)
        data["8"] = item8
        with pytest.raises(ValueError, match="item 8") as caught:
            visa_a_from_json(data)
        assert "\n" not in str(caught.value)


class TestOstrcContradictions:
    """Q1 "full participation without problems" leaves no room for a modification or an effect."""

    @pytest.mark.parametrize(
        "answers",
        [(0, 2, 0, 0), (0, 0, 2, 0), (0, 2, 2, 2), (0, 1, 1, 2), (0, 3, 0, 1), (0, 0, 1, 3)],
    )
    def test_ostrc_full_participation_with_modified_training_is_refused_as_contradictory(
        self, answers: tuple[int, int, int, int]
    ) -> None:
        """Q1 = 0 with Q2 or Q3 above "no modification"/"no effect" is refused, whatever Q4."""
        with pytest.raises(ValueError, match="contradictory OSTRC-O2 answers"):
            OstrcO2(answers)
        with pytest.raises(ValueError, match="question 1 is 'full participation without"):
            ostrc_from_json(dict(zip("1234", answers, strict=True)))

    def test_ostrc_full_participation_with_pain_is_a_problem_but_never_substantial(self) -> None:
        """Q1 = 0, Q4 = moderate pain: Q2/Q3 may be skipped, a problem, not substantial."""
        response = ostrc_from_json({"1": 0, "4": 2})
        assert (response.score, response.problem, response.substantial) == (17, True, False)
