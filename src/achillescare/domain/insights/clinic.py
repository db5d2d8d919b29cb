"""A clinic's personal insights counted together, with nobody in them: for each run feature and
lag, how many of a specialist's runners show it as ``likely`` and as ``possible``, out of how
many had enough data to tell.

Only counts leave this module: no name, no id, no effect size, no per-runner value. A count of
1 or 2 (fewer than :data:`SUPPRESS_BELOW`) is shown as "<3": in a small clinic "1 runner" next
to a feature points at a person that anyone who knows the clinic (a colleague looking over the
screen, a slide shown at a meeting, the JSON pasted into a report) can often name, and with it
something about their health they did not agree to share beyond their own physiotherapist. Zero
is shown: it says nothing about anyone in particular. This is primary small-cell suppression as
statistical offices practise it on tables of people (3 is the smallest threshold they commonly
use; it is our choice, not a published clinical rule); its limits are in ``docs/insights.md``.

A shoe comparison names the runner's own pair (``shoe:Red Pegasus``), free text that may be as
identifying as a name; all of a runner's shoe comparisons are counted as one feature, "one of
their shoe models". Surfaces come from a fixed list of sports and are kept apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from achillescare.domain.insights.associations import MIN_MORNINGS, Insights, Verdict

SUPPRESS_BELOW = 3
"""Counts from 1 to ``SUPPRESS_BELOW - 1`` runners are shown as ``"<3"``."""
SHOE_MODEL = "shoe_model"
"""Every ``shoe:<name>`` comparison of a runner, counted as one feature (names are free text)."""
FEATURE_ORDER = (
    "long_run", "uphill", "fast", "strides", "back_to_back", "new_shoe", "drop_change",
    "no_prevention", SHOE_MODEL,
)  # fmt: skip
"""The order of the rows (the order of ``docs/insights.md``); surfaces follow, by name. Fixed,
never by count: ordering by the true counts would tell a suppressed 1 from a suppressed 2."""

_STRENGTH: dict[Verdict, int] = {"likely": 3, "possible": 2, "no sign": 1, "not enough data": 0}

RunnerVerdicts = Mapping[tuple[str, int], Verdict]
"""(feature, lag) → the strongest verdict over both morning measures, for one runner."""


def clinic_feature(feature: str) -> str:
    """The feature a comparison is counted under: shoe models become :data:`SHOE_MODEL`."""
    return SHOE_MODEL if feature.startswith("shoe:") else feature


def runner_verdicts(result: Insights) -> dict[tuple[str, int], Verdict]:
    """One runner's strongest verdict per feature and lag, over morning pain and stiffness (and
    over their shoe models): what the clinic summary counts of them, and all it keeps."""
    best: dict[tuple[str, int], Verdict] = {}
    for association in result.associations:
        key = (clinic_feature(association.feature), association.lag_days)
        found = best.get(key)
        if found is None or _STRENGTH[association.verdict] > _STRENGTH[found]:
            best[key] = association.verdict
    return best


def shown_count(runners: int) -> str:
    """A count as the summary shows it: ``"0"``, ``"<3"`` for 1 or 2 runners, else the number."""
    return f"<{SUPPRESS_BELOW}" if 0 < runners < SUPPRESS_BELOW else str(runners)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One feature at one lag: runners calling it likely, possible (and not likely), and runners
    whose data were enough to compare it; each already suppressed (:func:`shown_count`)."""

    feature: str
    lag_days: int
    likely: str
    possible: str
    enough_data: str


@dataclass(frozen=True, slots=True)
class ClinicSummary:
    """Every feature and lag that at least one runner could be compared on, in a fixed order;
    ``runners`` is how many runners were counted, ``enough_data`` how many had the mornings
    after runs that any comparison needs (suppressed like the rows)."""

    runners: int
    enough_data: str
    rows: tuple[SummaryRow, ...]


def _order(key: tuple[str, int]) -> tuple[int, str, int]:
    feature, lag = key
    known = FEATURE_ORDER.index(feature) if feature in FEATURE_ORDER else len(FEATURE_ORDER)
    return (known, feature, lag)


def clinic_summary(runners: Iterable[Insights]) -> ClinicSummary:
    """Count the runners' verdicts per feature and lag (each runner once per row)."""
    counted = 0
    with_mornings = 0
    likely: dict[tuple[str, int], int] = {}
    possible: dict[tuple[str, int], int] = {}
    enough: dict[tuple[str, int], int] = {}
    for result in runners:
        counted += 1
        with_mornings += result.mornings >= MIN_MORNINGS
        for key, verdict in runner_verdicts(result).items():
            if verdict == "not enough data":
                continue
            enough[key] = enough.get(key, 0) + 1
            if verdict == "likely":
                likely[key] = likely.get(key, 0) + 1
            elif verdict == "possible":
                possible[key] = possible.get(key, 0) + 1
    rows = tuple(
        SummaryRow(
            feature,
            lag,
            shown_count(likely.get((feature, lag), 0)),
            shown_count(possible.get((feature, lag), 0)),
            shown_count(enough[(feature, lag)]),
        )
        for feature, lag in sorted(enough, key=_order)
    )
    return ClinicSummary(counted, shown_count(with_mornings), rows)


__all__ = [
    "FEATURE_ORDER",
    "SHOE_MODEL",
    "SUPPRESS_BELOW",
    "ClinicSummary",
    "RunnerVerdicts",
    "SummaryRow",
    "clinic_feature",
    "clinic_summary",
    "runner_verdicts",
    "shown_count",
]
