"""The daily decision, "can I run today?": per side and for the runner, with reasons and advice.

Order of precedence (``clinical-spec.md`` §4.7 and §6.7): red flags (:mod:`red_flags`) → the
pain-monitoring model (:mod:`pain_monitoring`) → training signals → questionnaires. Each fired
rule pushes the answer to at least its level; the answer is the most severe level, so nothing
can outweigh a red flag, and the worse side wins. Missing data never yields ``run``: without
today's check-in the answer is ``modify`` with rule DATA-1 saying a check-in is needed, and a
red-flag question left unanswered today is not a "no" (DATA-4, also ``modify``).

The clinician closes the loop (:mod:`clinical_review`): a clinical assessment of a side clears the
red flags reported on or before its date (a rupture finding then holds running, ASSESS-R, until
the clinician permits it), and a specialist's override sets the day's decision (CLIN-OVERRIDE);
the computed decision is kept beside it, and a red flag reported after the override was set, or
an unanswered red-flag question today, still counts.

Training signals come from :mod:`achillescare.domain.load` and are read by id: a ``high``
``weekly_distance_change``, ``single_run_spike`` or ``hard_days_back_to_back`` → ``modify``
(TRAIN-1); any other ``high`` signal, ACWR included, is a caution that never decides alone
(TRAIN-2; Frandsen et al. 2025 found a negative ACWR association in runners).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from achillescare.domain import pain_monitoring, red_flags
from achillescare.domain.advice import advice_for
from achillescare.domain.clinical_review import (
    FINDING_LABELS,
    RUPTURE_FINDINGS,
    ClinicalAssessment,
    ClinicianOverride,
    cleared_through,
    effective_override,
    latest_assessment,
)
from achillescare.domain.evidence import Rule
from achillescare.domain.load_weeks import CapReference
from achillescare.domain.pain_monitoring import (
    all_clear,
    exercise_pain_reasons,
    pain_monitoring_reasons,
)
from achillescare.domain.questionnaires import visa_a_change
from achillescare.domain.reason_text import reason_sentence
from achillescare.domain.red_flags import DailyDistance, SideHistory, red_flag_reasons
from achillescare.domain.signals import Signal
from achillescare.domain.symptoms import SIDES, CheckIn, Side
from achillescare.domain.units import Units
from achillescare.domain.verdicts import SEVERITY, Decision, Reason, reason, worst

TRACKED_SIDE_DAYS = 28
"""A side with a check-in in the last 28 days is tracked: it needs today's check-in (house)."""
DECIDING_SIGNALS = frozenset(
    {"weekly_distance_change", "single_run_spike", "hard_days_back_to_back"}
)
"""Signals whose ``high`` status makes the answer ``modify``."""
DECIDING_AT_CAUTION = frozenset({"single_run_spike"})
"""Signals whose ``caution`` status decides too: Frandsen et al. 2025 found runs 10–30 % longer
than the 30-day longest (HRR 1.64) as risky as 30–100 % longer (HRR 1.52)."""
INFLAMMATORY_STIFFNESS_MIN = 30
"""RF-3S: morning stiffness of 30 minutes or more with both tendons painful (house default:
inflammatory stiffness lasts long; tendinopathy stiffness usually eases within minutes)."""
BILATERAL_PAIN = 4
"""RF-3P: both tendons at 4/10 or more the same day (house default)."""
VISA_WINDOW_DAYS = 84
"""VISA-A changes are judged over at most ~12 weeks for VISA-WORSE, at least 12 for RF-9."""
VISA_RECOVERED = 90
CHILD_AGE = 14
"""RF-11M: at 14 or younger tendon pain above the heel goes to a clinician first (house)."""
ADULT_AGE = 18
"""RF-11: the age (this year) up to which a runner may still be growing (spec RF-11)."""


@dataclass(frozen=True, slots=True)
class TrainingFacts:
    """What the decision reads of the runner's training as of the date.

    ``signals``: :func:`achillescare.domain.load.signals_as_of` output. ``longest_run_30d_m``:
    the longest run of the 30 days before today (the Frandsen 2025 reference). ``last_run_m``:
    the most recent run. ``week_distance_m``: running distance of the last 7 days and of the 7
    before. None = unknown (no run data given).
    """

    signals: tuple[Signal, ...] = ()
    longest_run_30d_m: float | None = None
    last_run_m: float | None = None
    week_distance_m: tuple[float, float] | None = None
    exercise_pain: tuple[tuple[date, int], ...] = ()
    """(day, worst pain 0–10 during rehab or prevention exercise) from the adherence log."""
    daily_distance_m: DailyDistance | None = None
    """Running distance per day of the whole history, for judging red-flag patterns of past
    days (RF-8W) by the same load measure as today."""
    cap_reference: CapReference | None = None
    """What today's distance cap scales from: the 30-day longest run with spikes credited only
    up to the longest run before them (None: use ``longest_run_30d_m``)."""
    reported_runs: int = 0
    """Runs reported in the check-ins of the last 30 days (set by :func:`decide`): with no run
    data, the advice says runs were reported but no distances were given."""


@dataclass(frozen=True, slots=True)
class VisaScore:
    """A dated VISA-A total (0–100)."""

    date: date
    score: int


@dataclass(frozen=True, slots=True)
class DailyDecision:
    """The answer for one runner and date. ``sides`` maps each side to the decision from that
    leg's own check-ins (None for a side with no check-in in 28 days); ``decision`` adds the
    runner-level reasons (training, questionnaires) and is the most severe of all."""

    as_of: date
    decision: Decision
    sides: dict[Side, Decision | None]
    reasons: tuple[Reason, ...]
    advice: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    needs_checkin: bool = False
    fired: frozenset[str] = field(default_factory=frozenset)
    computed: Decision | None = None
    """With an override: what the rules alone decided (``decision`` is the override's)."""
    override: ClinicianOverride | None = None

    def to_json(self) -> dict[str, object]:
        """The ``achilles decide --json`` output contract (``computed_decision`` and
        ``override`` are null unless a specialist's override set the day)."""
        return {
            "decision": self.decision,
            "sides": {side: self.sides.get(side) for side in SIDES},
            "reasons": [r.to_json() for r in self.reasons],
            "advice": list(self.advice),
            "signals": [s.to_json() for s in self.signals],
            "computed_decision": self.computed,
            "override": self.override.to_dict() if self.override is not None else None,
        }


def _rule(rule_id: str) -> Rule:
    return _BY_ID[rule_id]


def _recent_sides(checkins: Sequence[CheckIn], as_of: date) -> set[Side]:
    first = as_of - timedelta(days=TRACKED_SIDE_DAYS - 1)
    return {c.side for c in checkins if first <= c.date <= as_of}


def _stops(reasons: Sequence[Reason]) -> bool:
    return any(r.level in ("urgent", "see_specialist") for r in reasons)


def unanswered_reasons(today: CheckIn | None) -> list[Reason]:
    """DATA-4: red-flag questions left unanswered in today's check-in: at most ``modify``."""
    if today is None:
        return []
    missing = today.unanswered_red_flags()
    if not missing:
        return []
    return [reason(_rule("DATA-4"), "modify", today.side, unanswered=list(missing))]


def assessment_reasons(assessment: ClinicalAssessment | None) -> list[Reason]:
    """ASSESS-R: the side's last assessment found a rupture and the clinician has not yet
    permitted running: pause running and follow the clinician's treatment."""
    if assessment is None or assessment.finding not in RUPTURE_FINDINGS:
        return []
    if assessment.return_to_running:
        return []
    return [
        reason(
            _rule("ASSESS-R"),
            "see_specialist",
            assessment.side,
            finding=FINDING_LABELS[assessment.finding],
            assessed_on=assessment.date.isoformat(),
            assessed_by=assessment.assessor,
            entered_by=assessment.assessor_kind,
        )
    ]


def side_reasons(
    history: SideHistory, assessment: ClinicalAssessment | None = None
) -> list[Reason]:
    """Every reason for one side: red flags first, the last assessment's finding, unanswered
    red-flag questions, then the pain-monitoring model."""
    reasons = (
        red_flag_reasons(history)
        + assessment_reasons(assessment)
        + unanswered_reasons(history.today)
        + pain_monitoring_reasons(history)
    )
    if _level(reasons) == "run":
        reasons.append(all_clear(history))
    return reasons


def _level(reasons: Sequence[Reason]) -> Decision:
    return worst(r.level for r in reasons if r.level is not None)


def training_reasons(signals: Sequence[Signal]) -> list[Reason]:
    """TRAIN-1 (a deciding signal is high → modify) and TRAIN-2 (other high signals: caution)."""
    out: list[Reason] = []
    for signal in signals:
        deciding = (signal.status == "high" and signal.id in DECIDING_SIGNALS) or (
            signal.status == "caution" and signal.id in DECIDING_AT_CAUTION
        )
        if signal.status != "high" and not deciding:
            continue
        rule = _rule("TRAIN-1" if deciding else "TRAIN-2")
        level: Decision | None = "modify" if deciding else None
        out.append(
            Reason(
                rule.id,
                level,
                {"signal": signal.id, "value": signal.value, "status": signal.status},
                signal.source or rule.citation(),
            )
        )
    return out


def both_sides_reasons(
    today: Mapping[Side, CheckIn], reasons: Sequence[Reason], stiff_days: Sequence[date] = ()
) -> list[Reason]:
    """Both tendons at once (clinical-rules.md §4, clinical-spec.md §4.6 RF-3: symptoms in both
    tendons without a training reason → see a clinician, systemic disease).

    RF-3S: both tendons painful with long morning stiffness (``stiff_days``, see
    :func:`bilateral_stiff_days`) → see a clinician (inflammatory disease screening), whatever
    the training. RF-3P: both tendons at 4/10 or more today with no high training signal to
    explain it → see a clinician. RF-3: milder (above 2/10, swelling or redness on both) with
    no training reason → a caution."""
    out: list[Reason] = []
    if stiff_days:
        out.append(
            reason(
                _rule("RF-3S"),
                "see_specialist",
                None,
                reported_on=[d.isoformat() for d in sorted(stiff_days)[-5:]],
                stiffness_min_at_least=INFLAMMATORY_STIFFNESS_MIN,
            )
        )
    if len(today) < 2 or any(r.rule == "TRAIN-1" for r in reasons):
        return out
    pains = [c.max_pain() or 0 for c in today.values()]
    if all(p >= BILATERAL_PAIN for p in pains):
        out.append(reason(_rule("RF-3P"), "see_specialist", None, pain=pains))
    elif all(
        p > 2 or c.swelling or c.redness_warmth for p, c in zip(pains, today.values(), strict=True)
    ):
        out.append(reason(_rule("RF-3"), None, None, sides=sorted(today)))
    return out


def bilateral_stiff_days(
    checkins: Sequence[CheckIn], as_of: date, cleared: Mapping[Side, date | None]
) -> list[date]:
    """Days since either side's last assessment on which both tendons hurt (pain above 0/10)
    and morning stiffness lasted at least :data:`INFLAMMATORY_STIFFNESS_MIN` on either: RF-3S
    stays until a clinician has seen the runner."""
    after = max((d for d in cleared.values() if d is not None), default=None)
    by_day: dict[date, dict[Side, CheckIn]] = {}
    for c in checkins:
        if c.date <= as_of and (after is None or c.date > after):
            by_day.setdefault(c.date, {})[c.side] = c
    return [
        d
        for d, pair in sorted(by_day.items())
        if len(pair) == 2
        and all((c.max_pain() or 0) > 0 for c in pair.values())
        and any((c.morning_stiffness_min or 0) >= INFLAMMATORY_STIFFNESS_MIN for c in pair.values())
    ]


def may_be_under_18(birth_year: int | None, as_of: date) -> bool:
    """True when someone born in ``birth_year`` may still be under 18 on ``as_of`` (turning 18
    this year counts: the birthday may not have come yet)."""
    return birth_year is not None and as_of.year - birth_year <= ADULT_AGE


def _location(side: Side, checkins: Sequence[CheckIn], as_of: date) -> str | None:
    """Where the side hurts: today's answer, else the latest given in the last 28 days."""
    first = as_of - timedelta(days=TRACKED_SIDE_DAYS - 1)
    for c in reversed(checkins):
        if c.side == side and first <= c.date <= as_of and c.location is not None:
            return c.location
    return None


def growing_reasons(
    today: Mapping[Side, CheckIn],
    birth_year: int | None,
    as_of: date,
    checkins: Sequence[CheckIn] = (),
    assessed: Sequence[Side] = (),
) -> list[Reason]:
    """RF-11 and RF-11M: heel or tendon symptoms today in a runner who may be under 18.

    RF-11 (see a clinician): pain at the insertion (the heel) or of unknown location. Until the
    heel's growth plate fuses (15–17 years) heel pain is often calcaneal apophysitis (Sever's
    disease), which this program does not treat. RF-11M: pain located in the tendon above the
    heel or in the calf: not Sever's, but the growth plate may still be open, so a clinician
    should confirm it is the tendon: see a clinician at 14 or younger (tendinopathy is rare in
    children), run only modified at 15–17 until confirmed (house). A side a clinician has
    assessed is not screened again (the clinician answered the question)."""
    if not may_be_under_18(birth_year, as_of):
        return []
    assert birth_year is not None  # may_be_under_18 said so
    age = as_of.year - birth_year
    heel: list[Side] = []
    tendon: list[Side] = []
    for side, c in sorted(today.items()):
        if side in assessed:
            continue
        if not ((c.max_pain() or 0) > 0 or c.tenderness or c.swelling or c.thickening):
            continue
        where = _location(side, checkins, as_of)
        (tendon if where in ("mid_tendon", "calf") else heel).append(side)
    out: list[Reason] = []
    if heel:
        out.append(reason(_rule("RF-11"), "see_specialist", None, sides=heel, age_this_year=age))
    if tendon:
        level: Decision = "see_specialist" if age <= CHILD_AGE else "modify"
        out.append(reason(_rule("RF-11M"), level, None, sides=tendon, age_this_year=age))
    return out


def visa_reasons(scores: Sequence[VisaScore], as_of: date) -> list[Reason]:
    """VISA-WORSE (a meaningful drop within 12 weeks → modify) and RF-9 (no meaningful
    improvement over 12 weeks or more while below 90 → caution: review the plan)."""
    known = sorted((s for s in scores if s.date <= as_of), key=lambda s: s.date)
    if len(known) < 2:
        return []
    last = known[-1]
    out: list[Reason] = []
    recent = [s for s in known[:-1] if (last.date - s.date).days <= VISA_WINDOW_DAYS]
    if recent:
        best = max(recent, key=lambda s: s.score)
        change = visa_a_change((best.date, best.score), (last.date, last.score))
        if change.verdict == "worse":
            out.append(
                reason(
                    _rule("VISA-WORSE"),
                    "modify",
                    None,
                    visa_a=[best.score, last.score],
                    dates=[best.date.isoformat(), last.date.isoformat()],
                    mcid=change.threshold,
                )
            )
    older = [s for s in known if (last.date - s.date).days >= VISA_WINDOW_DAYS]
    if older and last.score < VISA_RECOVERED:
        first = older[-1]
        change = visa_a_change((first.date, first.score), (last.date, last.score))
        if change.verdict != "improved":
            out.append(
                reason(
                    _rule("RF-9"),
                    None,
                    None,
                    visa_a=[first.score, last.score],
                    weeks=round((last.date - first.date).days / 7),
                    mcid=change.threshold,
                )
            )
    return out


def _ordered(reasons: Sequence[Reason]) -> tuple[Reason, ...]:
    def key(r: Reason) -> int:
        return -SEVERITY[r.level] if r.level is not None else 1

    return tuple(sorted(reasons, key=key))


def _worded(
    reasons: Sequence[Reason], signals: Sequence[Signal], units: Units
) -> tuple[Reason, ...]:
    """Each reason with its plain sentence (:mod:`reason_text`), in the runner's units."""
    titles = {rule.id: rule.title for rule in (*_BY_ID.values(), *red_flags.RULES)}
    return tuple(replace(r, text=reason_sentence(r, titles, signals, units)) for r in reasons)


def decide(
    checkins: Sequence[CheckIn],
    as_of: date,
    training: TrainingFacts | None = None,
    visa_a: Sequence[VisaScore] = (),
    units: Units = Units.KM,
    *,
    birth_year: int | None = None,
    assessments: Sequence[ClinicalAssessment] = (),
    overrides: Sequence[ClinicianOverride] = (),
) -> DailyDecision:
    """The decision for ``as_of`` from the runner's check-ins (any order; later ones ignored);
    ``birth_year`` (when known) screens for a runner still growing (RF-11); ``assessments``
    clear red flags reported on or before their date; an ``overrides`` entry covering ``as_of``
    sets the decision (see the module docstring)."""
    training = training or TrainingFacts()
    known = sorted((c for c in checkins if c.date <= as_of), key=lambda c: (c.date, c.side))
    month = as_of - timedelta(days=29)
    training = replace(
        training,
        reported_runs=len({c.date for c in known if c.date >= month and c.did_run}),
    )
    sides: dict[Side, Decision | None] = dict.fromkeys(SIDES)
    reasons: list[Reason] = []
    today: dict[Side, CheckIn] = {}
    recent = _recent_sides(known, as_of)
    override = effective_override(overrides, as_of)
    after_override: list[Reason] = []
    tracked: list[Side] = []
    fevers = tuple(sorted({c.date for c in known if c.fever_unwell}))
    cleared = {side: cleared_through(assessments, side, as_of) for side in SIDES}
    for side in SIDES:
        own = tuple(c for c in known if c.side == side)
        assessment = latest_assessment(assessments, side, as_of)
        if not own and assessment is None:
            continue
        history = SideHistory(
            side,
            as_of,
            own,
            training.week_distance_m,
            cleared[side],
            training.daily_distance_m,
            fevers,
        )
        if side not in recent:
            # No check-in for 28 days: the side is followed only while a red flag stands.
            standing = red_flag_reasons(history) + assessment_reasons(assessment)
            if not _stops(standing):
                continue
        tracked.append(side)
        found = side_reasons(history, assessment)
        sides[side] = _level(found)
        reasons.extend(found)
        if history.today is not None:
            today[side] = history.today
        if override is not None:
            since = SideHistory(
                side,
                as_of,
                own,
                training.week_distance_m,
                max(override.set_on, history.cleared_through or override.set_on),
                training.daily_distance_m,
                fevers,
            )
            after_override.extend(r for r in red_flag_reasons(since) if r.level is not None)
            after_override.extend(unanswered_reasons(history.today))
    if not tracked:
        reasons.append(reason(_rule("DATA-1"), "modify", None, last_checkin=None))
    reasons.extend(training_reasons(training.signals))
    reasons.extend(exercise_pain_reasons(training.exercise_pain, as_of))
    reasons.extend(both_sides_reasons(today, reasons, bilateral_stiff_days(known, as_of, cleared)))
    assessed_sides = [side for side in SIDES if cleared[side] is not None]
    reasons.extend(growing_reasons(today, birth_year, as_of, known, assessed_sides))
    reasons.extend(visa_reasons(visa_a, as_of))
    decision = worst([*(d for d in sides.values() if d is not None), _level(reasons)])
    computed: Decision | None = None
    if override is not None:
        computed = decision
        decision = worst([override.decision, _level(after_override)])
        reasons.append(
            reason(
                _rule("CLIN-OVERRIDE"),
                None,
                None,
                decision=override.decision,
                computed_decision=computed,
                specialist=override.specialist,
                reason=override.reason,
                period=[override.first_day.isoformat(), override.last_day.isoformat()],
                set_on=override.set_on.isoformat(),
            )
        )
    ordered = _worded(_ordered(reasons), training.signals, units)
    fired = frozenset(r.rule for r in ordered)
    needs_checkin = "DATA-1" in fired
    return DailyDecision(
        as_of=as_of,
        decision=decision,
        sides=sides,
        reasons=ordered,
        advice=tuple(advice_for(decision, ordered, today, training, units)),
        signals=tuple(training.signals),
        needs_checkin=needs_checkin,
        fired=fired,
        computed=computed,
        override=override,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "DATA-4",
        "Red-flag questions unanswered",
        "A red-flag question left unanswered today is not a 'no': until every one is answered "
        "the answer is at most 'modify', never 'run'.",
        ("house",),
        verification="house",
        area="red flags",
        notes="The red-flag questions (pop, heel raise, rest and night pain, redness, fever, "
        "numbness, limping, fluoroquinolones, corticosteroids, and pain building during a run "
        "when the runner ran) are asked every day.",
    ),
    Rule(
        "ASSESS-R",
        "Rupture found by a clinician",
        "A clinician found a partial or full rupture: pause running and follow their treatment; "
        "the program resumes when they permit running again.",
        ("maffulli1998",),
        verification="house",
        area="red flags",
        notes="A rupture is managed by the clinician (surgery or functional rehabilitation), "
        "not by this tendinopathy program. Cleared by a later assessment with another finding "
        "or with permission to return to running.",
    ),
    Rule(
        "CLIN-OVERRIDE",
        "Decision set by the runner's specialist",
        "A linked specialist set the decision for this day, with a reason; the decision the "
        "rules alone would give is shown beside it, and a red flag reported after the override "
        "was set, or a red-flag question unanswered today, still counts.",
        ("house",),
        verification="house",
        area="decision",
    ),
    Rule(
        "TRAIN-1",
        "High training signal",
        "A run in the last 7 days more than 10 % longer than the longest run of the 30 days "
        "before it (single-run spike), a high weekly distance change (> 30 %) or two pairs of "
        "back-to-back hard days: run, but modified.",
        ("frandsen2025", "nielsen2014"),
        area="decision",
        notes="Signal definitions and sources belong to the load module; the decision reads "
        "their status by id. The spike decides from its caution band (> 10–30 %) on: "
        "Frandsen 2025 found HRR 1.64 (95 % CI 1.31–2.05) for > 10–30 %, 1.52 (1.16–2.00) "
        "for > 30–100 % and 2.28 (1.50–3.48) above 100 %, against runs up to 10 % longer.",
    ),
    Rule(
        "TRAIN-2",
        "Caution signal",
        "Any other high signal (ACWR, monotony, days without rest, hill or fast load) is shown "
        "as a caution and never decides alone.",
        ("gabbett2016", "impellizzeri2020", "frandsen2025"),
        area="decision",
        notes="Frandsen 2025: ACWR negatively associated with injury in 5,205 runners.",
    ),
    Rule(
        "RF-3S",
        "Both tendons painful with long morning stiffness",
        "Both Achilles tendons painful with morning stiffness of 30 minutes or more (house "
        "default): inflammatory disease (e.g. spondyloarthritis) must be ruled out: pause "
        "training and see a clinician. Stays until a clinician has assessed you.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="clinical-rules.md §4 ('symptoms in both tendons or several joints without a "
        "training reason → see a clinician, systemic disease') and clinical-spec.md §4.6 RF-3 "
        "(both heels, morning stiffness, spondyloarthritis enthesitis). The 30-minute cut-off "
        "is the house's; no training load explains long bilateral stiffness.",
        thresholds=(("morning stiffness", "≥ 30 min (house)"), ("pain", "> 0 on both sides")),
    ),
    Rule(
        "RF-3P",
        "Both tendons at 4/10 or more",
        "Both Achilles tendons at 4/10 or more on the same day with no high training signal to "
        "explain it: see a clinician before training on (systemic disease).",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="clinical-rules.md §4 and clinical-spec.md §4.6 RF-3 both put symptoms in both "
        "tendons without a training reason among the see-a-clinician signs; the 4/10 cut-off "
        "is the house's. Judged on today's check-ins: the training reason is today's signals.",
        thresholds=(("pain on both sides", "≥ 4/10 (house)"),),
    ),
    Rule(
        "RF-3",
        "Both tendons at once",
        "Pain above 2/10, swelling or redness in both Achilles tendons on the same day, with no "
        "high training signal to explain it: mention it to a clinician (inflammatory disease "
        "can cause this). A caution, not a stop.",
        ("house",),
        verification="unverified",
        area="red flags",
        notes="Spec RF-3 (standard practice, no primary source read); a check-in cannot tell "
        "'without a training reason', so only a high training signal silences it.",
    ),
    Rule(
        "RF-11",
        "Heel pain while still growing",
        "Heel pain (at the insertion, or where it hurts was not said) in a runner who may be "
        "under 18: until the heel's growth plate fuses (15–17 years) heel pain is often "
        "calcaneal apophysitis (Sever's disease), not tendinopathy, and this program does not "
        "treat it: see a clinician first.",
        ("belikan2022", "wiegerinck2014"),
        verification="partly",
        area="red flags",
        notes="Age comes from the profile's birth year (turning 18 this year counts). Fusion "
        "at 15–17 and most cases at 8–15 from Belikan 2022's introduction; 3.7 per 1,000 "
        "children seen in general practice (Wiegerinck 2014). Firing on any heel or tendon "
        "symptom, not only pain located at the heel bone, is the house's: the location answer is "
        "optional, and a missed apophysitis costs more than one visit. Pain located in the "
        "tendon above the heel is RF-11M; a side a clinician has assessed is not screened again.",
        thresholds=(("age this year", "≤ 18"),),
    ),
    Rule(
        "RF-11M",
        "Tendon pain above the heel while still growing",
        "Pain in the tendon above the heel (or the calf) in a runner who may be under 18 is not "
        "Sever's disease, but the heel's growth plate may still be open until 15–17 years: a "
        "clinician should confirm it is the tendon. At 14 or younger see a clinician first; at "
        "15–17 run only modified until a clinician has confirmed it.",
        ("belikan2022",),
        verification="house",
        area="red flags",
        notes="Fusion at 15–17 from Belikan 2022's introduction; the levels by age (14 or "
        "younger: see a clinician; 15–17: modify until assessed) are the house's: Achilles "
        "tendinopathy is uncommon before the growth plate closes, and the loading program is "
        "written for adults.",
        thresholds=(("see a clinician", "age this year ≤ 14 (house)"),),
    ),
    Rule(
        "VISA-WORSE",
        "VISA-A meaningfully worse",
        "A VISA-A score at least 14 points below the best of the previous 12 weeks: hold the "
        "load, run only modified.",
        ("visaa_mcid2021", "robinson2001"),
        verification="house",
        area="decision",
        notes="The MCID was derived for improvement; using it for worsening is our choice.",
    ),
    Rule(
        "RF-9",
        "No meaningful improvement after 12 weeks",
        "VISA-A not meaningfully better after 12 weeks or more and still below 90: ask a "
        "clinician to review the plan (a caution, not a stop).",
        ("silbernagel2015", "visaa_mcid2021"),
        verification="partly",
        area="red flags",
        notes="'3 months of exercise therapy before other options' is attributed to "
        "Silbernagel & Crossley 2015 but not read (spec RF-9).",
    ),
)

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in (*pain_monitoring.RULES, *RULES)}
