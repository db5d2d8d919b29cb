"""Questionnaires: VISA-A (Robinson et al. 2001) and OSTRC-O2 (Clarsen et al. 2020), exact scoring.

VISA-A: eight items, 0–100, 100 = no symptoms. Items 1–6 are 0–10 box scales, item 7 is one of
0/4/7/10, item 8 is answered in exactly one branch (A: no pain while training, B: pain but the
training is completed, C: pain stops the training) and scored by the minutes of training in bands
nil / 1–10 / 11–20 / 21–30 / > 30 (Robinson et al. 2001, points verified against public
implementations). There is no published pro-rating, so an incomplete form has no total.

OSTRC-O2 (the 2020 version, over the past 7 days, for the Achilles region): four questions, four
answers each, scored 0/8/17/25; severity is their sum (0–100); a *substantial* problem is Q1 =
"could not participate" or Q2 ≥ 17 or Q3 ≥ 17 (§7.2–7.3, verified against the ostRc R package
co-written by Clarsen). Answers are given as indexes 0–3 (first answer = 0). The 2020 gatekeeper
skips Q2–Q3 when Q1 and Q4 report no problem, so they score 0. Q1 = "full participation without
problems" together with a modification (Q2) or a performance effect (Q3) caused by the problem is
a contradiction and is refused: the ostRc package counts a problem from Q1 alone (``find_hp``)
and judges "substantial" only for those, so such a form would otherwise be called substantial
here while ostRc calls it no problem at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from achillescare.domain.evidence.rules import Rule
from achillescare.errors import InvalidInput

Branch = Literal["A", "B", "C"]
BRANCH_POINTS: dict[Branch, tuple[int, int, int, int, int]] = {
    "A": (0, 7, 14, 21, 30),
    "B": (0, 4, 10, 14, 20),
    "C": (0, 2, 5, 7, 10),
}
"""VISA-A item 8 points by branch, for the minute bands nil, 1–10, 11–20, 21–30, > 30."""
ITEM7_POINTS: tuple[int, ...] = (0, 4, 7, 10)
MINUTE_BAND_LABELS: tuple[str, ...] = ("nil", "1–10 min", "11–20 min", "21–30 min", "> 30 min")
MAX_TRAINING_MIN = 24 * 60

OSTRC_POINTS: tuple[int, int, int, int] = (0, 8, 17, 25)
OSTRC_QUESTIONS: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    (
        "Difficulty taking part in training and competition because of Achilles problems",
        (
            "full participation without problems",
            "full participation, but with problems",
            "reduced participation because of problems",
            "could not participate because of problems",
        ),
    ),
    (
        "How much training or competition was modified because of Achilles problems",
        ("no modification", "to a minor extent", "to a moderate extent", "to a major extent"),
    ),
    (
        "How much Achilles problems affected your performance",
        ("no effect", "to a minor extent", "to a moderate extent", "to a major extent"),
    ),
    (
        "How much Achilles pain you have had",
        ("no pain", "mild pain", "moderate pain", "severe pain"),
    ),
)
"""OSTRC-O2 questions and answers, paraphrased (past 7 days); show the official form in clinics."""

VISA_A_MCID_12_WEEKS = 14
VISA_A_MCID_24_WEEKS = 7
OSTRC_UNCERTAIN_BELOW = 25


def minute_band(minutes: int) -> int:
    """Index of the item-8 minute band: 0 nil, 1 for 1–10, 2 for 11–20, 3 for 21–30, 4 for > 30."""
    if minutes <= 0:
        return 0
    if minutes <= 10:
        return 1
    if minutes <= 20:
        return 2
    if minutes <= 30:
        return 3
    return 4


def _whole(name: str, value: object, low: int, high: int) -> int:
    """A whole-number answer of item ``name`` ("3", "8 minutes"); the error's ``field`` is the
    answer's key in the JSON form ("3", "8.minutes")."""
    field = name.replace(" ", ".")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(
            f"item {name} must be a whole number from {low} to {high}, not {value!r}", field=field
        )
    if not low <= value <= high:
        raise InvalidInput(f"item {name} must be from {low} to {high}, not {value}", field=field)
    return value


@dataclass(frozen=True, slots=True)
class VisaA:
    """One complete VISA-A response: the points of items 1–7, and item 8 as branch + minutes."""

    items: tuple[int, int, int, int, int, int, int]
    branch: Branch
    minutes: int

    def __post_init__(self) -> None:
        if len(self.items) != 7:
            raise InvalidInput("VISA-A needs the points of items 1 to 7")
        for number, points in enumerate(self.items[:6], start=1):
            _whole(str(number), points, 0, 10)
        if isinstance(self.items[6], bool) or self.items[6] not in ITEM7_POINTS:
            raise InvalidInput(f"item 7 must be 0, 4, 7 or 10, not {self.items[6]!r}", field="7")
        if self.branch not in BRANCH_POINTS:
            raise InvalidInput(
                f"item 8 branch must be A, B or C, not {self.branch!r}", field="8.branch"
            )
        _whole("8 minutes", self.minutes, 0, MAX_TRAINING_MIN)

    @property
    def item8_points(self) -> int:
        """Points of item 8 (rule VISA-3)."""
        return BRANCH_POINTS[self.branch][minute_band(self.minutes)]

    @property
    def score(self) -> int:
        """The total 0–100 (rule VISA-1)."""
        return sum(self.items) + self.item8_points

    def to_json(self) -> dict[str, object]:
        """The ``achilles score visa-a --json`` output."""
        return {
            "instrument": "VISA-A",
            "score": self.score,
            "items": {str(n): p for n, p in enumerate(self.items, start=1)}
            | {"8": self.item8_points},
            "item8": {
                "branch": self.branch,
                "minutes": self.minutes,
                "band": MINUTE_BAND_LABELS[minute_band(self.minutes)],
                "points": self.item8_points,
            },
            "interpretation": interpret_visa_a(self.score),
            "source": "Robinson et al. 2001, Br J Sports Med 35(5):335–341",
        }


def visa_a_from_json(data: Mapping[str, object]) -> VisaA:
    """Parse ``{"1"…"6": 0–10, "7": 0|4|7|10, "8": {"branch", "minutes"}}``; InvalidInput if invalid.

    Answers in more than one item-8 branch, missing items and unknown keys are errors (VISA-3/4).
    """
    expected = {str(n) for n in range(1, 9)}
    unknown = sorted(set(data) - expected)
    if unknown:
        raise InvalidInput(f"unknown VISA-A item(s): {', '.join(unknown)}")
    missing = sorted(expected - set(data), key=int)
    if missing:
        raise InvalidInput(
            f"VISA-A is incomplete (no total without every item): missing {missing}",
            field=missing[0],
        )
    branch, minutes = _item8(data["8"])
    items = tuple(data[str(n)] for n in range(1, 8))
    return VisaA(items=items, branch=branch, minutes=minutes)  # type: ignore[arg-type]


def _item8(item8: object) -> tuple[Branch, object]:
    """Item 8's branch and minutes, refusing any other shape with a one-line reason.

    The minutes are part of the answer in every branch ("nil" is one of the five bands), so a
    branch without minutes is an unanswered item and the form has no total (rule VISA-4): it is
    never scored as "nil"."""
    if not isinstance(item8, Mapping):
        raise InvalidInput(
            'item 8 must be an object {"branch": "A"|"B"|"C", "minutes": whole minutes}, '
            f"not {type(item8).__name__}"
        )
    extra = sorted(str(key) for key in set(item8) - {"branch", "minutes"})
    if extra:
        raise InvalidInput(
            f"item 8 takes one branch and its minutes only (unexpected {', '.join(extra)})"
        )
    branch = item8.get("branch")
    if branch is None or branch == "":
        raise InvalidInput(
            "VISA-A is incomplete (no total without every item): item 8 has no branch",
            field="8.branch",
        )
    if not isinstance(branch, str) or branch not in BRANCH_POINTS:
        raise InvalidInput(
            f"item 8 branch must be A, B or C (exactly one), not {branch!r}", field="8.branch"
        )
    minutes = item8.get("minutes")
    if minutes is None:
        raise InvalidInput(
            f"VISA-A is incomplete (no total without every item): item 8 branch {branch} "
            "has no minutes (give 0 for nil)",
            field="8.minutes",
        )
    return branch, minutes


def interpret_visa_a(score: int) -> str:
    """Where a score sits against Robinson 2001's reference groups (not a diagnosis)."""
    if score > 96:
        return "in the range of people without Achilles symptoms (controls > 96)"
    if score > 90:
        return "above 90: often taken clinically as recovered"
    if score >= 64:
        return "around or above the typical non-surgical patient (64)"
    if score >= 44:
        return "between the typical pre-surgical (44) and non-surgical (64) patient"
    return "below the typical pre-surgical patient (44): severe symptoms"


@dataclass(frozen=True, slots=True)
class OstrcO2:
    """One OSTRC-O2 response: the answer index (0–3) of each of the four questions."""

    answers: tuple[int, int, int, int]

    def __post_init__(self) -> None:
        if len(self.answers) != 4:
            raise InvalidInput("OSTRC-O2 has four questions")
        for number, answer in enumerate(self.answers, start=1):
            _whole(str(number), answer, 0, 3)
        q1, q2, q3, _ = self.answers
        if q1 == 0 and (q2 or q3):
            raise InvalidInput(
                "contradictory OSTRC-O2 answers: question 1 is 'full participation without "
                "problems', so question 2 must be 'no modification' and question 3 'no effect' "
                "(change question 1 or answer 0 to both)",
                field="1",
            )

    @property
    def points(self) -> tuple[int, int, int, int]:
        """Points per question, 0/8/17/25."""
        a, b, c, d = (OSTRC_POINTS[i] for i in self.answers)
        return (a, b, c, d)

    @property
    def score(self) -> int:
        """Severity, 0–100 (rule OSTRC-1)."""
        return sum(self.points)

    @property
    def problem(self) -> bool:
        """An Achilles problem this week: Q1 or Q4 above zero (rule OSTRC-2)."""
        return self.answers[0] > 0 or self.answers[3] > 0

    @property
    def substantial(self) -> bool:
        """Q1 = could not participate, or Q2 ≥ 17, or Q3 ≥ 17 (rule OSTRC-3, version 2)."""
        q1, q2, q3, _ = self.points
        return q1 == 25 or q2 >= 17 or q3 >= 17

    def to_json(self) -> dict[str, object]:
        """The ``achilles score ostrc --json`` output."""
        return {
            "instrument": "OSTRC-O2",
            "version": "2020",
            "score": self.score,
            "substantial": self.substantial,
            "problem": self.problem,
            "points": {str(n): p for n, p in enumerate(self.points, start=1)},
            "source": "Clarsen et al. 2020, Br J Sports Med 54(7):390–396",
        }


def ostrc_from_json(data: Mapping[str, object]) -> OstrcO2:
    """Parse ``{"1": 0–3, "2": 0–3, "3": 0–3, "4": 0–3}``; InvalidInput when invalid.

    Q2 and Q3 may be left out only when Q1 is "full participation without problems": they can
    then only be "no modification" / "no effect" (anything else contradicts Q1 and is refused)."""
    expected = {"1", "2", "3", "4"}
    unknown = sorted(set(data) - expected)
    if unknown:
        raise InvalidInput(f"unknown OSTRC-O2 question(s): {', '.join(unknown)}")
    for key in ("1", "4"):
        if key not in data:
            raise InvalidInput(f"OSTRC-O2 question {key} is required", field=key)
    skipped = data["1"] == 0 and not isinstance(data["1"], bool)
    for key in ("2", "3"):
        if key not in data and not skipped:
            raise InvalidInput(
                f"OSTRC-O2 question {key} is required when there is a problem", field=key
            )
    answers = tuple(data.get(key, 0) for key in ("1", "2", "3", "4"))
    return OstrcO2(answers=answers)  # type: ignore[arg-type]


ChangeClass = Literal["improved", "worse", "no meaningful change", "uncertain"]


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """The change between two dated scores, judged against the minimal important change."""

    first: date
    last: date
    delta: int
    threshold: int | None
    verdict: ChangeClass
    explanation: str


def visa_a_change(first: tuple[date, int], last: tuple[date, int]) -> ScoreChange:
    """Judge a VISA-A change (rule VISA-MCID): |Δ| ≥ 14 points is meaningful; over 24 weeks or
    more, ≥ 7 points (midportion tendinopathy, JOSPT 2021). Shorter intervals keep the 14-point
    bar: no smaller figure is published for them (a conservative choice)."""
    (d0, s0), (d1, s1) = first, last
    weeks = (d1 - d0).days / 7
    threshold = VISA_A_MCID_24_WEEKS if weeks >= 24 else VISA_A_MCID_12_WEEKS
    delta = s1 - s0
    if delta >= threshold:
        verdict: ChangeClass = "improved"
    elif delta <= -threshold:
        verdict = "worse"
    else:
        verdict = "no meaningful change"
    explanation = f"VISA-A {s0} → {s1} ({delta:+d}) over {weeks:.0f} weeks: " + (
        f"a meaningful change (≥ {threshold} points)"
        if verdict != "no meaningful change"
        else f"within measurement noise (< {threshold} points)"
    )
    return ScoreChange(d0, d1, delta, threshold, verdict, explanation)


def ostrc_change(first: tuple[date, int], last: tuple[date, int]) -> ScoreChange:
    """Judge an OSTRC-O2 severity change. No minimal important change has been verified for the
    severity score (a figure of ~18.5 is quoted in public code but unchecked), so changes under
    25 points are "uncertain" (house rule; Clarsen et al. 2020 for the score) and larger ones show their direction."""
    (d0, s0), (d1, s1) = first, last
    delta = s1 - s0
    if abs(delta) < OSTRC_UNCERTAIN_BELOW:
        verdict: ChangeClass = "uncertain"
    else:
        verdict = "worse" if delta > 0 else "improved"
    explanation = f"OSTRC-O2 severity {s0} → {s1} ({delta:+d}): " + (
        "uncertain (< 25 points)" if verdict == "uncertain" else f"{verdict} (≥ 25 points)"
    )
    return ScoreChange(d0, d1, delta, None, verdict, explanation)


RULES: tuple[Rule, ...] = (
    Rule(
        "VISA-1",
        "VISA-A total",
        "The VISA-A score is the sum of the points of its eight items, 0–100; 100 = no symptoms.",
        ("robinson2001",),
        area="questionnaires",
    ),
    Rule(
        "VISA-2",
        "VISA-A items 1–7",
        "Items 1–6 score 0–10 (whole numbers); item 7 scores 0, 4, 7 or 10.",
        ("robinson2001",),
        verification="partly",
        area="questionnaires",
        notes="Item points as on the published form, reproduced in public scoring code (awell-score); the paper's abstract (PMC1724384) confirms eight items and 0–100 only.",
    ),
    Rule(
        "VISA-3",
        "VISA-A item 8 branches",
        "Item 8 is answered in exactly one branch by minutes of training (nil, 1–10, 11–20, "
        "21–30, > 30): A (no pain) 0/7/14/21/30; B (pain, completes) 0/4/10/14/20; "
        "C (pain stops training) 0/2/5/7/10. Answers in two branches are refused.",
        ("robinson2001",),
        verification="partly",
        area="questionnaires",
        notes="Branch points as on the published form, reproduced in public scoring code (awell-score); not read in the paper itself.",
    ),
    Rule(
        "VISA-4",
        "VISA-A incomplete form",
        "A form with a missing item has no total: the instrument publishes no pro-rating.",
        ("robinson2001",),
        verification="partly",
        area="questionnaires",
        notes="No published pro-rating rule was found; absence not proven.",
    ),
    Rule(
        "VISA-MCID",
        "VISA-A meaningful change",
        "A change of at least 14 points over about 12 weeks (7 points over 24 weeks or more) is "
        "a meaningful change for midportion tendinopathy; smaller changes are noise.",
        ("visaa_mcid2021",),
        verification="partly",
        area="questionnaires",
        notes="14 (95 % CI 3–19) and 7 (−10 to 28) confirmed in a ryortho.com summary of the "
        "JOSPT 2021 paper (61 patients); the paper itself not read. The 6.5 often quoted is an "
        "insertional figure (unverified) and is not used.",
        thresholds=(("mcid_12_weeks", "14"), ("mcid_24_weeks", "7")),
    ),
    Rule(
        "OSTRC-1",
        "OSTRC-O2 severity",
        "Four questions scored 0/8/17/25; severity is their sum, 0–100 (version 2020).",
        ("clarsen2020",),
        verification="partly",
        area="questionnaires",
        notes="0/8/17/25 coding checked against the ostRc R package (Bache-Mathiesen & Clarsen, standardize_coding), not against the paper's text.",
    ),
    Rule(
        "OSTRC-2",
        "OSTRC-O2 problem and gatekeeper",
        "A problem is reported when Q1 or Q4 is above zero; with neither, Q2 and Q3 are skipped "
        "and score 0. Q1 = full participation without problems together with Q2 or Q3 above "
        "zero contradicts itself and is refused (a house consistency check).",
        ("clarsen2020",),
        verification="partly",
        area="questionnaires",
        notes="Gatekeeper existence confirmed (PLOS ONE 2021 Japanese update); exact branching "
        "of the official form not read. The ostRc R package (Bache-Mathiesen & Clarsen, "
        "find_hp / create_case_data) counts a problem from Q1 alone and judges 'substantial' "
        "only for those, so Q1 = 0 with Q2/Q3 > 0 is 'no problem' there: refusing it keeps the "
        "two from disagreeing.",
    ),
    Rule(
        "OSTRC-3",
        "OSTRC-O2 substantial problem",
        "Substantial: Q1 = could not participate, or Q2 ≥ 17, or Q3 ≥ 17 (version 2 only; "
        "version-1 codes are never mixed in).",
        ("clarsen2020",),
        verification="partly",
        area="questionnaires",
        notes="Checked against the ostRc R package's find_hp_substantial (version 2.0: Q1 = 25 or Q2 ≥ 17 or Q3 ≥ 17), not against the paper's text.",
    ),
    Rule(
        "OSTRC-CHANGE",
        "OSTRC-O2 change",
        "Severity changes under 25 points are shown as uncertain: no minimal important change "
        "has been verified for the severity score.",
        ("house",),
        verification="house",
        area="questionnaires",
        notes="Franke et al. 2021 (MDC ~35, MIC ~18.5) is quoted in public code but unverified.",
    ),
)


Instrument = Literal["visa_a", "ostrc_o2"]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A scored questionnaire response as kept in the history (answers as given, in JSON form)."""

    instrument: Instrument
    taken_on: date
    answers: Mapping[str, object]
    score: int
    substantial: bool | None = None
    side: str | None = None
    version: str = ""
    id: int | None = None


QUESTIONNAIRE_EVERY_DAYS = 7
"""VISA-A and OSTRC-O2 are asked weekly (OSTRC-O2 recalls the past 7 days; house for VISA-A)."""


def questionnaires_due(responses: Sequence[StoredResponse], today: date) -> list[Instrument]:
    """The instruments not answered in the last 7 days (never answered counts as due)."""
    due: list[Instrument] = []
    for instrument in ("visa_a", "ostrc_o2"):
        dates = [r.taken_on for r in responses if r.instrument == instrument]
        if not dates or (today - max(dates)).days >= QUESTIONNAIRE_EVERY_DAYS:
            due.append(instrument)
    return due
