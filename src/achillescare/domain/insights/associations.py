"""What precedes a bad morning, for this runner: their own run features against their own
next mornings.

For every feature of :mod:`~achillescare.domain.insights.exposures`, every lag (the next morning,
and the one after) and both morning measures (pain 0–10, stiffness in minutes), the mornings
after run days with the feature are compared with the mornings after this runner's other run
days — the runner is their own control — by the fits of :mod:`~achillescare.domain.insights.stats`
(morning before the run and, where the feature travels with it, distance held equal; moving
block bootstrap interval, Künsch 1989; Benjamini–Hochberg across every comparison, 1995).

An association is not a cause: a runner may choose hills on days they already feel good, or
buy new shoes when the old ones start to hurt. So the words are "on mornings after", never
"causes"; the verdicts say how sure the data are that mornings differ, nothing more. The
thresholds that turn numbers into verdicts are the :data:`RULES` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from achillescare.domain.evidence.rules import Rule
from achillescare.domain.insights import exposures as ex
from achillescare.domain.insights.inputs import InsightInput
from achillescare.domain.insights.stats import Design, Estimate, benjamini_hochberg, estimate_all
from achillescare.domain.units import Units, metres_to

Verdict = Literal["likely", "possible", "no sign", "not enough data"]
Outcome = Literal["morning_pain", "morning_stiffness"]

LAGS = (1, 2)
MIN_MORNINGS = 30
"""Mornings after runs (next morning answered, and the morning before the run) needed before
any comparison is made."""
MIN_GROUP = 8
"""Mornings needed on each side of one comparison (after runs with the feature, and without)."""
FDR = 0.05
"""Benjamini–Hochberg false discovery rate for ``likely``."""
MIN_EFFECT: dict[Outcome, float] = {"morning_pain": 0.5, "morning_stiffness": 5.0}
"""Smallest difference worth telling a runner about: half a point of pain, five minutes of
stiffness. Smaller differences can be real, but are within the day-to-day noise of the scale."""
REPLICATES = 499
SEED = 19891217
"""Fixed seed: the same data give the same intervals and verdicts on every run."""
UNITS: dict[Outcome, str] = {"morning_pain": "points", "morning_stiffness": "min"}
FOOT_M = 0.3048

_HOUSE = ("house",)
RULES: tuple[Rule, ...] = (
    Rule(
        "INS-DATA", "Insights: enough data",
        f"No comparison before {MIN_MORNINGS} mornings after runs (the next morning and the "
        f"morning before the run both answered); then each comparison needs {MIN_GROUP} "
        "mornings after runs with the feature and as many without. Below that it says "
        "'not enough data yet'.",
        _HOUSE, "house", "insights",
        thresholds=(("mornings after runs", str(MIN_MORNINGS)), ("each group", str(MIN_GROUP))),
    ),
    Rule(
        "INS-METHOD", "Insights: within-runner comparison",
        "Mornings 1 and 2 days after run days with a feature are compared with mornings after "
        "the runner's other run days, holding equal the morning of the run day and, where the "
        "feature travels with it, the day's distance (least squares). The 95 % interval is the "
        "estimate ± 1.96 standard errors from a moving block bootstrap over days (block length "
        f"n^(1/3), {REPLICATES} draws, fixed seed), which respects day-to-day dependence.",
        ("kunsch1989",), "partly", "insights",
        notes="Checked against the paper's summary (zbMATH 0684.62035): blocks of consecutive "
        "observations drawn with replacement, consistent when the block length grows but stays "
        "small against n. The n^(1/3) length, the 499 draws and the normal interval are our "
        "choices; simulated coverage is in docs/insights.md.",
        thresholds=(("bootstrap draws", str(REPLICATES)), ("block length", "n^(1/3), ≥ 3 days")),
    ),
    Rule(
        "INS-LIKELY", "Insights: likely",
        f"Likely: mornings are worse by at least {MIN_EFFECT['morning_pain']:g} points of pain "
        f"or {MIN_EFFECT['morning_stiffness']:g} minutes of stiffness and the association "
        f"survives Benjamini–Hochberg control of the false discovery rate at {FDR:.0%} across "
        "every comparison made for the runner. Possible: as large, and its own 95 % interval "
        "lies above zero, but it does not survive that control. No sign: otherwise (smaller "
        "differences, intervals that include zero, and mornings that are better).",
        ("benjamini1995", "house"), "partly", "insights",
        notes="The false discovery rate method is published; the smallest difference worth "
        "reporting and the 5 % rate are our own choices.",
        thresholds=(("false discovery rate", f"{FDR:.0%}"),
                    ("smallest pain difference", f"{MIN_EFFECT['morning_pain']:g} points"),
                    ("smallest stiffness difference",
                     f"{MIN_EFFECT['morning_stiffness']:g} min")),
    ),
    Rule(
        "INS-FEATURES", "Insights: the run features compared",
        f"Long run: at least {ex.LONG_RUN_RATIO:g} × the median run of the previous "
        f"{ex.LONG_RUN_WINDOW_DAYS} days. Hills: at least {ex.UPHILL_M:.0f} m run uphill. Fast: "
        f"at least {ex.FAST_MIN:g} minutes above the fast threshold. Strides: at least "
        f"{ex.STRIDES_MIN} strides or sprints. Back to back: a run the day after a run. New "
        f"pair: the first {ex.NEW_SHOE_M / 1000:.0f} km of a pair. Drop change: a drop "
        f"{ex.DROP_CHANGE_MM:g} mm or more from the previous run's shoe. Surface and shoe "
        "model: each against the runner's others. No prevention: a run day without a logged "
        "prevention session.",
        _HOUSE, "house", "insights",
        thresholds=(("long run", f"≥ {ex.LONG_RUN_RATIO:g} × usual"),
                    ("uphill", f"≥ {ex.UPHILL_M:.0f} m"), ("fast", f"≥ {ex.FAST_MIN:g} min"),
                    ("strides", f"≥ {ex.STRIDES_MIN}"),
                    ("new pair", f"< {ex.NEW_SHOE_M / 1000:.0f} km"),
                    ("drop change", f"≥ {ex.DROP_CHANGE_MM:g} mm")),
    ),
)  # fmt: skip
"""The house thresholds and methods of the insights, as documented in ``docs/clinical-rules.md``."""


@dataclass(frozen=True, slots=True)
class Association:
    """One comparison: a feature, a lag, a morning measure, and what the data say."""

    feature: str
    lag_days: int
    outcome: Outcome
    n_exposed: int
    n_unexposed: int
    verdict: Verdict
    text: str
    effect: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    mean_exposed: float | None = None
    mean_unexposed: float | None = None

    @property
    def unit(self) -> str:
        return UNITS[self.outcome]

    def to_json(self) -> dict[str, object]:
        """The ``associations`` item of ``achilles insights --json``."""

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "feature": self.feature,
            "lag_days": self.lag_days,
            "outcome": self.outcome,
            "effect": rounded(self.effect),
            "ci_low": rounded(self.ci_low),
            "ci_high": rounded(self.ci_high),
            "unit": self.unit,
            "n_exposed": self.n_exposed,
            "n_unexposed": self.n_unexposed,
            "verdict": self.verdict,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Insights:
    """Every comparison, ranked (likely, possible, no sign, not enough data; stronger first),
    and the number of mornings after runs they rest on."""

    associations: tuple[Association, ...]
    mornings: int

    def to_json(self) -> dict[str, object]:
        """The JSON contract of ``achilles insights --json``."""
        return {
            "associations": [a.to_json() for a in self.associations],
            "mornings": self.mornings,
        }

    def shown(self) -> tuple[Association, ...]:
        """What a runner is shown: likely and possible associations."""
        return tuple(a for a in self.associations if a.verdict in {"likely", "possible"})

    def summary(self) -> str:
        """One sentence on where things stand, for the CLI, the web page and the report."""
        if self.mornings < MIN_MORNINGS:
            return (
                f"Not enough data yet ({self.mornings} mornings after runs, need {MIN_MORNINGS})."
            )
        if not self.shown():
            return (
                f"No run feature is followed by clearly worse mornings so far ({self.mornings} "
                "mornings after runs)."
            )
        how = "are" if any(a.verdict == "likely" for a in self.shown()) else "may be"
        return (
            f"From {self.mornings} mornings after runs, these run features {how} followed by "
            "worse mornings. They are associations in your own data, not proven causes."
        )


_RANK: dict[Verdict, int] = {"likely": 0, "possible": 1, "no sign": 2, "not enough data": 3}


def feature_label(feature: str, units: Units) -> str:
    """The run days a feature marks, in words and the runner's units."""
    if feature.startswith("surface:"):
        return f"runs on {feature.split(':', 1)[1]} (against your other surfaces)"
    if feature.startswith("shoe:"):
        return f"runs in {feature.split(':', 1)[1]} (against your other shoes)"
    uphill = f"{ex.UPHILL_M:.0f} m" if units is Units.KM else f"{ex.UPHILL_M / FOOT_M:.0f} ft"
    labels = {
        "long_run": f"runs at least {ex.LONG_RUN_RATIO:g} times your usual length",
        "uphill": f"runs with {uphill} or more uphill",
        "fast": f"runs with {ex.FAST_MIN:g} minutes or more of fast running",
        "strides": f"runs with {ex.STRIDES_MIN} or more strides or sprints",
        "back_to_back": "a run the day after another run",
        "new_shoe": f"runs in the first {metres_to(ex.NEW_SHOE_M, units):.0f} {units.value} "
        "of a pair",
        "drop_change": f"runs in a shoe whose drop differs by {ex.DROP_CHANGE_MM:g} mm or more "
        "from your previous run's",
        "no_prevention": "run days without a prevention session",
    }
    return labels[feature]


def _num(value: float, digits: int) -> str:
    """A rounded number without a minus sign on zero ("-0" reads as a mistake)."""
    return f"{round(value, digits) + 0.0:.{digits}f}"


def _sentence(a: Association, units: Units) -> str:
    when = "On mornings after" if a.lag_days == 1 else "Two mornings after"
    label = feature_label(a.feature, units)
    if a.verdict == "not enough data":
        return (
            f"{when} {label}: not enough data yet ({a.n_exposed} mornings after "
            f"such runs and {a.n_unexposed} after others, need {MIN_GROUP} of each)."
        )
    assert a.effect is not None
    assert a.ci_low is not None
    assert a.ci_high is not None
    if a.outcome == "morning_pain":
        size = f"{abs(a.effect):.1f} points"
        what = "morning pain was"
        direction = "higher" if a.effect >= 0 else "lower"
        interval = f"{_num(a.ci_low, 1)} to {_num(a.ci_high, 1)} points"
    else:
        size = f"{abs(a.effect):.0f} minutes"
        what = "morning stiffness lasted"
        direction = "longer" if a.effect >= 0 else "shorter"
        interval = f"{_num(a.ci_low, 0)} to {_num(a.ci_high, 0)} minutes"
    return (
        f"{when} {label}, {what} {size} {direction} than after your other runs "
        f"(95 % interval {interval}; {a.n_exposed} such mornings, {a.n_unexposed} others): "
        f"{a.verdict}."
    )


def _verdict(estimate: Estimate, q: float, outcome: Outcome) -> Verdict:
    if estimate.ci_low <= 0 or estimate.effect < MIN_EFFECT[outcome]:
        return "no sign"
    return "likely" if q <= FDR else "possible"


def _designs(
    grid: ex.DayGrid, exposures: list[ex.Exposure]
) -> tuple[list[tuple[str, int, Outcome, Design, int, int]], int]:
    """Every comparison's rows, its group sizes, and the mornings after runs overall."""
    n = grid.n_days
    outcomes: dict[Outcome, np.ndarray] = {
        "morning_pain": grid.pain,
        "morning_stiffness": grid.stiffness_min,
    }
    distance_km = grid.distance_m / 1000.0
    run_day = grid.ran > 0
    pain_later = np.concatenate((grid.pain[1:], [np.nan]))
    mornings = int(np.sum(run_day & ~np.isnan(pain_later) & ~np.isnan(grid.pain)))
    out: list[tuple[str, int, Outcome, Design, int, int]] = []
    for exposure in exposures:
        for lag in LAGS:
            for outcome, values in outcomes.items():
                later = np.full(n, np.nan)
                later[: n - lag] = values[lag:]
                use = run_day & ~np.isnan(exposure.values) & ~np.isnan(later) & ~np.isnan(values)
                exposed = np.where(use, exposure.values, 0.0)
                n_exposed = int(exposed[use].sum())
                design = Design(
                    use=use,
                    exposed=exposed,
                    before=np.where(use, values, 0.0),
                    outcome=np.where(use, later, 0.0),
                    distance_km=distance_km if exposure.adjust_for_distance else None,
                )
                out.append(
                    (exposure.feature, lag, outcome, design, n_exposed, int(use.sum()) - n_exposed)
                )
    return out, mornings


def insights(
    data: InsightInput, units: Units = Units.KM, *, replicates: int = REPLICATES, seed: int = SEED
) -> Insights:
    """Every comparison the runner's data support, with its verdict and sentence, ranked."""
    grid, exposures = ex.build(data)
    rows, mornings = _designs(grid, exposures)
    enough = [
        mornings >= MIN_MORNINGS and n_exp >= MIN_GROUP and n_un >= MIN_GROUP
        for _, _, _, _, n_exp, n_un in rows
    ]
    tested = [row for row, ok in zip(rows, enough, strict=True) if ok]
    estimates = estimate_all([row[3] for row in tested], replicates, seed)
    q_values = benjamini_hochberg([e.p_value for e in estimates])
    found: dict[int, tuple[Estimate, float]] = {}
    index = [i for i, ok in enumerate(enough) if ok]
    for i, estimate, q in zip(index, estimates, q_values, strict=True):
        found[i] = (estimate, q)
    results: list[Association] = []
    for i, (feature, lag, outcome, design, n_exp, n_un) in enumerate(rows):
        if i not in found:
            draft = Association(feature, lag, outcome, n_exp, n_un, "not enough data", "")
        else:
            estimate, q = found[i]
            use = design.use
            exposed = use & (design.exposed > 0)
            unexposed = use & (design.exposed == 0)
            draft = Association(
                feature, lag, outcome, n_exp, n_un, _verdict(estimate, q, outcome), "",
                effect=estimate.effect, ci_low=estimate.ci_low, ci_high=estimate.ci_high,
                p_value=estimate.p_value, q_value=q,
                mean_exposed=float(design.outcome[exposed].mean()),
                mean_unexposed=float(design.outcome[unexposed].mean()),
            )  # fmt: skip
        results.append(_with_text(draft, units, mornings))
    results.sort(key=_rank_key)
    return Insights(tuple(results), mornings)


def _with_text(a: Association, units: Units, mornings: int) -> Association:
    if a.verdict == "not enough data" and mornings < MIN_MORNINGS:
        text = f"Not enough data yet ({mornings} mornings after runs, need {MIN_MORNINGS})."
    else:
        text = _sentence(a, units)
    return Association(
        a.feature, a.lag_days, a.outcome, a.n_exposed, a.n_unexposed, a.verdict, text,
        a.effect, a.ci_low, a.ci_high, a.p_value, a.q_value, a.mean_exposed, a.mean_unexposed,
    )  # fmt: skip


def _rank_key(a: Association) -> tuple[int, float]:
    if a.effect is None or a.ci_low is None or a.ci_high is None:
        return (_RANK[a.verdict], 0.0)
    se = max((a.ci_high - a.ci_low) / 3.92, 1e-9)
    return (_RANK[a.verdict], -a.effect / se)


__all__ = [
    "FDR",
    "MIN_EFFECT",
    "MIN_GROUP",
    "MIN_MORNINGS",
    "RULES",
    "Association",
    "Insights",
    "feature_label",
    "insights",
]
