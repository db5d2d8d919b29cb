"""Red flags: the answers that stop the pain-monitoring model and send the runner to a clinician.

The screen runs before any load decision and nothing outweighs it (house precedence):
suspected rupture → ``urgent``; every other red flag → ``see_specialist``. A red flag stays until a
clinician clears it: every flag reported since the side's last clinical assessment
(:mod:`achillescare.domain.decision.clinical_review`) still fires today, however long ago it was reported
and whatever the check-ins since say. Up to ~20–25 % of Achilles ruptures are missed at first
presentation and people with a rupture can still walk (Maffulli 1998), so a quiet morning or a
later "no" is no all-clear. The drug questions look back over their own windows (6 months for
fluoroquinolones, 3 months for corticosteroids): a "yes" is remembered for that long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

import numpy as np

from achillescare.domain.assessment.symptoms import FLAG_FIELDS, CheckIn, Side
from achillescare.domain.decision.verdicts import Reason, reason
from achillescare.domain.evidence.rules import Rule

RECENT_RUNS_WINDOW_DAYS = 28
"""RF-8 looks at three consecutive reported runs within this span (house)."""
HIGH_PAIN = 6
"""Pain above 5/10 is outside the pain-monitoring model (Silbernagel et al. 2007)."""
MIN_MORNING_VALUES_PER_WEEK = 2
"""A weekly mean of morning pain needs at least this many check-ins in the week (house)."""
FLUOROQUINOLONE_WINDOW_DAYS = 183
"""RF-5 remembers a fluoroquinolone for 6 months (the check-in asks "in the last 6 months")."""
CORTICOSTEROID_WINDOW_DAYS = 91
"""RF-6 remembers a corticosteroid for 3 months (the house's window; see RF-6's notes)."""
FEVER_WINDOW_DAYS = 7
"""RF-2: fever and a red, warm or swollen tendon reported at most 7 days apart count together
(house default: an infection's fever and its local signs need not fall on the same morning)."""
MAX_DATES_SHOWN = 5
"""A reason lists at most the last five dates a flag was reported on (the count is kept)."""


@dataclass(frozen=True, slots=True)
class DailyDistance:
    """Running distance in metres per day from ``first_day`` on (one value per day)."""

    first_day: date
    metres: tuple[float, ...]

    def on(self, first: date, n_days: int) -> np.ndarray:
        """The distances of ``first … first + n_days − 1`` (0 outside the known days)."""
        out = np.zeros(n_days)
        offset = (self.first_day - first).days
        lo, hi = max(offset, 0), min(offset + len(self.metres), n_days)
        if lo < hi:
            out[lo:hi] = self.metres[lo - offset : hi - offset]
        return out


@dataclass(frozen=True, slots=True)
class SideHistory:
    """One side's check-ins up to ``as_of`` (oldest first), and the runner's weekly running load.

    ``week_load`` is (this week, last week): running distance in metres over ``as_of − 6 … as_of``
    and the 7 days before, or None when no run data was given (then the number of check-ins
    reporting a run stands in for the load). ``cleared_through``: the date of the side's last
    clinical assessment (flags reported on or before it are cleared), None when never assessed.
    ``daily_distance``: the running distance of every day, to judge past days' load the same
    way (None: no run data, runs reported in check-ins stand in).
    """

    def fevers(self) -> tuple[date, ...]:
        """Every day up to ``as_of`` with fever or feeling unwell reported, on either side."""
        own = {c.date for c in self.checkins if c.fever_unwell and c.date <= self.as_of}
        return tuple(sorted(own | {d for d in self.fever_dates if d <= self.as_of}))

    side: Side
    as_of: date
    checkins: tuple[CheckIn, ...]
    week_load: tuple[float, float] | None = None
    cleared_through: date | None = None
    daily_distance: DailyDistance | None = None
    fever_dates: tuple[date, ...] = ()
    """Days on which fever or feeling unwell was reported in any side's check-in (it is the
    runner's, not the leg's); this side's own check-ins count even when left empty."""

    @property
    def today(self) -> CheckIn | None:
        last = self.checkins[-1] if self.checkins else None
        return last if last is not None and last.date == self.as_of else None

    def unassessed(self) -> tuple[CheckIn, ...]:
        """Check-ins dated after the last clinical assessment, up to ``as_of``: their red flags
        still stand."""
        after = self.cleared_through
        return tuple(
            c for c in self.checkins if c.date <= self.as_of and (after is None or c.date > after)
        )

    def earlier(self) -> tuple[CheckIn, ...]:
        """Check-ins before ``as_of``, oldest first."""
        return tuple(c for c in self.checkins if c.date < self.as_of)

    def weekly_morning_mean(self, weeks_back: int) -> float | None:
        """Mean morning pain of the 7-day block ``weeks_back`` weeks before this one (0 = this)."""
        last = self.as_of - timedelta(days=7 * weeks_back)
        first = last - timedelta(days=6)
        values = [
            c.morning_pain
            for c in self.checkins
            if first <= c.date <= last and c.morning_pain is not None
        ]
        if len(values) < MIN_MORNING_VALUES_PER_WEEK:
            return None
        return sum(values) / len(values)

    def runs_reported(self, weeks_back: int) -> int:
        last = self.as_of - timedelta(days=7 * weeks_back)
        first = last - timedelta(days=6)
        return sum(1 for c in self.checkins if first <= c.date <= last and c.did_run)


def _rule(rule_id: str) -> Rule:
    return _BY_ID[rule_id]


def _dates_fact(days: Sequence[date]) -> list[str]:
    """The last :data:`MAX_DATES_SHOWN` dates, ISO-written, oldest first."""
    return [d.isoformat() for d in sorted(set(days))[-MAX_DATES_SHOWN:]]


def _yes_dates(checkins: Sequence[CheckIn]) -> dict[str, list[date]]:
    """For each yes/no item answered "yes" in ``checkins``, the dates it was (one pass: the
    decision reads a side's whole history since its last assessment every day)."""
    out: dict[str, list[date]] = {}
    for c in checkins:
        answers = _FLAG_ANSWERS(c)
        if any(answers):  # most mornings: nothing to record, checked in C
            for name, yes in zip(FLAG_FIELDS, answers, strict=True):
                if yes:
                    out.setdefault(name, []).append(c.date)
    return out


_FLAG_ANSWERS = attrgetter(*FLAG_FIELDS)


def has_tendon_symptoms(c: CheckIn) -> bool:
    """Any sign of a symptomatic tendon in one check-in: pain, pain on hopping, tenderness,
    swelling or thickening."""
    return bool(
        (c.max_pain() or 0) > 0 or c.pain_on_hopping or c.tenderness or c.swelling or c.thickening
    )


def _drug_reasons(
    rule_id: str, flag: str, window_days: int, history: SideHistory, open_: Sequence[CheckIn]
) -> list[Reason]:
    """A drug that weakens tendons (RF-5, RF-6), remembered for ``window_days`` from the day it
    was reported: with tendon symptoms since the last assessment (``open_``) see a clinician;
    without, a caution that decides nothing."""
    first = history.as_of - timedelta(days=window_days - 1)
    taken = [
        c.date for c in history.checkins if first <= c.date <= history.as_of and getattr(c, flag)
    ]
    if not taken:
        return []
    symptomatic = [c.date for c in open_ if c.date >= first and has_tendon_symptoms(c)]
    side = history.side
    if symptomatic:
        return [
            reason(
                _rule(rule_id),
                "see_specialist",
                side,
                reported_on=_dates_fact(taken),
                symptoms_on=_dates_fact(symptomatic),
            )
        ]
    return [reason(_rule(rule_id), None, side, reported_on=_dates_fact(taken))]


def red_flag_reasons(history: SideHistory) -> list[Reason]:
    """Every red flag that fires for one side as of its date, most severe first: each one
    reported since the side's last clinical assessment."""
    side = history.side
    open_ = history.unassessed()
    yes = _yes_dates(open_)

    def dates(*names: str) -> list[str]:
        return _dates_fact([d for name in names for d in yes.get(name, ())])

    out: list[Reason] = []
    if reported := dates("sudden_pop"):
        out.append(reason(_rule("RF-R1"), "urgent", side, reported_on=reported))
    if reported := dates("cannot_heel_raise"):
        out.append(reason(_rule("RF-R3"), "urgent", side, reported_on=reported))
    if reported := dates("pain_at_rest", "night_pain"):
        out.append(reason(_rule("RF-1"), "see_specialist", side, reported_on=reported))
    out.extend(_systemic(history, open_))
    if reported := dates("numbness_tingling"):
        out.append(reason(_rule("RF-4"), "see_specialist", side, reported_on=reported))
    out.extend(
        _drug_reasons("RF-5", "fluoroquinolone", FLUOROQUINOLONE_WINDOW_DAYS, history, open_)
    )
    out.extend(_drug_reasons("RF-6", "corticosteroid", CORTICOSTEROID_WINDOW_DAYS, history, open_))
    if reported := dates("limping"):
        out.append(reason(_rule("RF-7"), "see_specialist", side, reported_on=reported))
    out.extend(_recurring_high_pain(history, open_))
    out.extend(_recurring_build_up(history, open_))
    out.extend(_worse_despite_less_load(history, open_))
    return out


def _systemic(history: SideHistory, open_: Sequence[CheckIn]) -> list[Reason]:
    """RF-2 (a red, warm or swollen tendon within 7 days of fever or feeling unwell), RF-2S
    (fever or feeling unwell with a symptomatic tendon the same day) and RF-2L (a red or warm
    tendon without fever): each reported since the last assessment."""
    fevers = history.fevers()
    after = history.cleared_through
    window = timedelta(days=FEVER_WINDOW_DAYS - 1)
    local = [
        c for c in history.checkins if c.date <= history.as_of and (c.redness_warmth or c.swelling)
    ]
    paired: list[date] = []
    fever_days: list[date] = []
    for c in local:
        near = [f for f in fevers if abs((f - c.date).days) <= window.days]
        for f in near:
            if after is None or max(f, c.date) > after:
                paired.append(c.date)
                fever_days.append(f)
    out: list[Reason] = []
    side = history.side
    if paired:
        out.append(
            reason(
                _rule("RF-2"),
                "see_specialist",
                side,
                local_signs_on=_dates_fact(paired),
                fever_on=_dates_fact(fever_days),
                window_days=FEVER_WINDOW_DAYS,
            )
        )
    unwell = [c.date for c in open_ if c.date in fevers and has_tendon_symptoms(c)]
    if unwell:
        out.append(reason(_rule("RF-2S"), "see_specialist", side, reported_on=_dates_fact(unwell)))
    red = [c.date for c in open_ if c.redness_warmth]
    if red and not paired:
        out.append(reason(_rule("RF-2L"), "see_specialist", side, reported_on=_dates_fact(red)))
    return out


def _recurring_high_pain(history: SideHistory, open_: Sequence[CheckIn]) -> list[Reason]:
    """RF-8: pain above 5/10 during two of three consecutive reported runs (spanning at most 28
    days) since the last assessment (``open_``); the latest such runs are reported."""
    runs = [c for c in open_ if c.pain_during_run is not None and c.did_run]
    high = [(c.pain_during_run or 0) >= HIGH_PAIN for c in runs]
    for end in range(len(runs) - 1, 0, -1):
        start = max(0, end - 2)
        if sum(high[start : end + 1]) < 2:
            continue
        if (runs[end].date - runs[start].date).days >= RECENT_RUNS_WINDOW_DAYS:
            continue
        window = runs[start : end + 1]
        return [
            reason(
                _rule("RF-8"),
                "see_specialist",
                history.side,
                pain_during_last_runs=[c.pain_during_run for c in window],
                run_dates=[c.date.isoformat() for c in window],
                limit=5,
            )
        ]
    return []


def _recurring_build_up(history: SideHistory, open_: Sequence[CheckIn]) -> list[Reason]:
    """RF-8B: pain built up during two of three consecutive reported runs (spanning at most 28
    days) since the last assessment: the pain-monitoring model keeps failing."""
    runs = [c for c in open_ if c.did_run and c.pain_built_during_run is not None]
    for end in range(len(runs), 1, -1):
        window = runs[max(0, end - 3) : end]
        if (window[-1].date - window[0].date).days >= RECENT_RUNS_WINDOW_DAYS:
            continue
        built = [c.date for c in window if c.pain_built_during_run]
        if len(built) >= 2:
            return [
                reason(
                    _rule("RF-8B"),
                    "see_specialist",
                    history.side,
                    built_up_on=_dates_fact(built),
                    runs=len(window),
                )
            ]
    return []


def _worse_despite_less_load(history: SideHistory, open_: Sequence[CheckIn]) -> list[Reason]:
    """RF-8W: weekly morning pain rose two weeks running while the running load did not rise,
    today or on any day since the last assessment."""
    means = [history.weekly_morning_mean(k) for k in (2, 1, 0)]
    if all(m is not None for m in means):
        two_ago, last, this = (m or 0.0 for m in means)
        if this > last > two_ago:
            if history.week_load is not None:
                this_load, last_load = history.week_load
                load_fact = "running distance (m), this week vs last"
            else:
                this_load = float(history.runs_reported(0))
                last_load = float(history.runs_reported(1))
                load_fact = "runs reported, this week vs last"
            if this_load <= last_load:
                return [
                    reason(
                        _rule("RF-8W"),
                        "see_specialist",
                        history.side,
                        weekly_morning_pain=[round(m, 2) for m in (two_ago, last, this)],
                        load=[round(this_load), round(last_load)],
                        load_measure=load_fact,
                    )
                ]
    day = _last_worse_week_day(history, open_)
    if day is None:
        return []
    return [
        reason(
            _rule("RF-8W"),
            "see_specialist",
            history.side,
            pattern_last_seen=day.isoformat(),
            load_measure="runs reported, week on week"
            if history.daily_distance is None
            else "running distance, week on week",
        )
    ]


def _last_worse_week_day(history: SideHistory, open_: Sequence[CheckIn]) -> date | None:
    """The last day before ``as_of`` and after the last assessment on which RF-8W's pattern held
    (three rising weekly means of morning pain, the load not rising: running distance when
    known, else runs reported in check-ins), or None.

    Vectorised over the side's whole history so that the daily decision stays fast with years
    of check-ins."""
    rows = [c for c in history.checkins if c.date < history.as_of]
    if not rows or not any(c.morning_pain is not None for c in open_):
        return None
    first = rows[0].date
    n = (history.as_of - first).days
    if n < 15:
        return None
    pain_sum = np.zeros(n)
    pain_count = np.zeros(n)
    runs = np.zeros(n)
    for c in rows:
        i = (c.date - first).days
        if c.morning_pain is not None:
            pain_sum[i] += c.morning_pain
            pain_count[i] += 1
        runs[i] += 1 if c.did_run else 0

    def weekly(values: np.ndarray) -> np.ndarray:
        total = np.concatenate(([0.0], np.cumsum(values)))
        ends = np.arange(n) + 1
        return total[ends] - total[np.maximum(ends - 7, 0)]

    load = runs if history.daily_distance is None else history.daily_distance.on(first, n)
    sums, counts, week_load = weekly(pain_sum), weekly(pain_count), weekly(load)
    index = np.arange(14, n)
    enough = (
        (counts[index] >= MIN_MORNING_VALUES_PER_WEEK)
        & (counts[index - 7] >= MIN_MORNING_VALUES_PER_WEEK)
        & (counts[index - 14] >= MIN_MORNING_VALUES_PER_WEEK)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
    rising = (mean[index] > mean[index - 7]) & (mean[index - 7] > mean[index - 14])
    not_more_load = week_load[index] <= week_load[index - 7]
    fired = index[enough & rising & not_more_load]
    if history.cleared_through is not None:
        fired = fired[fired > (history.cleared_through - first).days]
    if fired.size == 0:
        return None
    return first + timedelta(days=int(fired[-1]))


RULES: tuple[Rule, ...] = (
    Rule(
        "RF-R1",
        "Suspected rupture: pop, snap or kick",
        "A sudden pop or snap, or a feeling of being kicked or hit at the back of the heel, "
        "is a suspected Achilles rupture: stop, and get a same-day medical assessment.",
        ("maffulli1999", "maffulli1998"),
        verification="partly",
        area="red flags",
        notes="Spec RF-R1 and RF-R2 (one check-in question). The history of a rupture is from "
        "Maffulli's 1999 review (read in part); the 1998 paper tests clinicians' signs (calf "
        "squeeze, Matles, palpable gap), which is why the flag sends to a clinician rather than "
        "deciding anything itself. People with a rupture can still walk. The flag stands until "
        "a clinical assessment of that leg clears it.",
    ),
    Rule(
        "RF-R3",
        "Suspected rupture: cannot push off or heel raise",
        "Being unable to do a single-leg heel raise (rise onto tiptoe) on that leg is a "
        "suspected rupture: same-day medical assessment.",
        ("maffulli1999", "maffulli1998"),
        verification="partly",
        area="red flags",
        notes="Inability to stand on tiptoe on the injured leg is part of the rupture history "
        "in Maffulli's 1999 review (read in part); the self-report itself is not validated. "
        "The flag stands until a clinical assessment of that leg clears it.",
    ),
    Rule(
        "RF-1",
        "Pain at rest or at night",
        "Pain at rest or at night is non-mechanical pain: pause training and see a clinician.",
        ("martin2018",),
        verification="partly",
        area="red flags",
    ),
    Rule(
        "RF-2",
        "Hot, red or swollen tendon with fever",
        "Redness, warmth or swelling of the tendon and fever or feeling unwell within 7 days of "
        "each other (house default) may be infection or inflammatory disease: pause training "
        "and see a clinician.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Standard practice for infection or inflammatory disease (no primary source read). "
        "The two need not fall on the same morning: "
        "fever reported on either side's check-in up to 7 days before or after the local signs "
        "counts (the window is the house's).",
        thresholds=(("fever and local signs apart", "≤ 7 days (house)"),),
    ),
    Rule(
        "RF-2S",
        "Fever or feeling unwell with tendon pain",
        "Fever or feeling unwell on a day the tendon hurts (or is tender, swollen or painful on "
        "hopping): an illness is not a training problem and can involve the tendon (infection, "
        "reactive or inflammatory arthritis): pause training and see a clinician.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Extends RF-2 'hot, red, swollen tendon with fever or feeling "
        "unwell' to any tendon symptom with fever (house): fever also means no hard training.",
    ),
    Rule(
        "RF-2L",
        "Red or warm tendon",
        "Redness or warmth is not a sign of tendinopathy: it can be infection, bursitis or "
        "inflammatory disease: pause training and see a clinician, even without fever.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Standard practice: infection, inflammatory disease or retrocalcaneal bursitis "
        "(no primary source read); the see-a-clinician level without fever is the house's.",
    ),
    Rule(
        "RF-4",
        "Numbness or tingling",
        "Numbness, tingling or burning suggests a nerve (sural nerve, lumbar spine), not the "
        "tendon: see a clinician.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Standard practice; no primary source read.",
    ),
    Rule(
        "RF-5",
        "Tendon pain after fluoroquinolones",
        "Tendon symptoms within 6 months of a fluoroquinolone antibiotic: stop training the "
        "tendon and contact the prescriber (FDA boxed warning). Without symptoms it is a caution.",
        ("fda2008",),
        area="red flags",
    ),
    Rule(
        "RF-6",
        "Tendon pain after corticosteroids",
        "Tendon symptoms within 3 months of a corticosteroid injection near the tendon or of "
        "steroid tablets: pause training and see a clinician (the tendon may be weakened). "
        "Without symptoms it is a caution.",
        ("shrier1996", "fda2008"),
        verification="partly",
        area="red flags",
        notes="Shrier 1996 (review of 145 articles): injected into the tendon, corticosteroids "
        "weaken it for a time, and many case reports describe ruptures after local injection, "
        "but no rigorous study measured the risk. The FDA warning names corticosteroids as "
        "raising the fluoroquinolone risk. The 3-month window is the house's.",
    ),
    Rule(
        "RF-7",
        "Limping or changed running form",
        "Pain that makes you limp or changes your running form means the load exceeds the "
        "tendon's capacity: pause training and see a clinician.",
        ("house",),
        verification="house",
        area="red flags",
    ),
    Rule(
        "RF-8",
        "Pain above 5/10 on two of the last three runs",
        "Pain above 5/10 during two of the last three runs (last 28 days) is recurring pain "
        "outside the pain-monitoring model: see a clinician.",
        ("silbernagel2007",),
        verification="house",
        area="red flags",
        notes="House operationalisation of 'recurring pain above 5/10' (Silbernagel et al. 2007).",
        thresholds=(("pain_during_run", "> 5"), ("runs", "2 of the last 3")),
    ),
    Rule(
        "RF-8B",
        "Pain built up during runs, repeatedly",
        "Pain that built up during the run instead of easing, on two of the last three runs "
        "(within 28 days): the pain-monitoring model keeps failing: see a clinician before "
        "training on. Stays until a clinician has assessed the tendon.",
        ("silbernagel2007",),
        verification="house",
        area="red flags",
        notes="Listed with recurring pain above 5/10 among the see-a-clinician signs (house, "
        "from Silbernagel et al. 2007); tendinopathy pain typically eases as the tendon warms up. "
        "Once is a breach of the model (PM-BUILD: stop, rest); 'two of the last three runs' "
        "is the house's reading of 'keeps recurring', as for RF-8.",
        thresholds=(("runs with pain building", "2 of the last 3 (house)"),),
    ),
    Rule(
        "RF-8W",
        "Worse week on week despite less running",
        "Weekly mean morning pain rising two weeks in a row while the running load did not rise: "
        "see a clinician.",
        ("silbernagel2007",),
        verification="house",
        area="red flags",
        notes="Weekly means need ≥ 2 morning values per 7-day block (house). Load = running "
        "distance when runs are known, else the number of runs reported in check-ins.",
    ),
)

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = ["RULES", "DailyDistance", "SideHistory", "has_tendon_symptoms", "red_flag_reasons"]
