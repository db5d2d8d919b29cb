"""The daily decision, "can I run today?": per side and for the runner, with reasons and advice.

Order of precedence (house, see ``docs/daily-decision.md``): red flags (:mod:`red_flags`) → the
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

Training signals come from :mod:`achillescare.domain.load.table` and are read by id: a ``high``
``weekly_distance_change``, ``single_run_spike`` or ``hard_days_back_to_back`` → ``modify``
(TRAIN-1); any other ``high`` signal, ACWR included, is a caution that never decides alone
(TRAIN-2; Frandsen et al. 2025 found a negative ACWR association in runners).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from achillescare.domain.assessment.questionnaires import visa_a_change
from achillescare.domain.assessment.symptoms import SIDES, CheckIn, Side
from achillescare.domain.decision import pain_monitoring, red_flags, runner_flags
from achillescare.domain.decision.advice import advice_for
from achillescare.domain.decision.clinical_review import (
    FINDING_LABELS,
    RUPTURE_FINDINGS,
    ClinicalAssessment,
    ClinicianOverride,
    cleared_through,
    effective_override,
    latest_assessment,
    override_from_dict,
)
from achillescare.domain.decision.pain_monitoring import (
    all_clear,
    exercise_pain_reasons,
    pain_monitoring_reasons,
)
from achillescare.domain.decision.reason_text import reason_sentence
from achillescare.domain.decision.red_flags import DailyDistance, SideHistory, red_flag_reasons
from achillescare.domain.decision.runner_flags import (
    bilateral_stiff_days,
    both_sides_reasons,
    growing_reasons,
)
from achillescare.domain.decision.verdicts import (
    SEVERITY,
    Decision,
    Reason,
    as_decision,
    as_level,
    reason,
    worst,
)
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.gear.caution import SIGNAL_ID as SHOE_SIGNAL
from achillescare.domain.load.signal import Signal
from achillescare.domain.load.weeks import CapReference
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput

TRACKED_SIDE_DAYS = 28
"""A side with a check-in in the last 28 days is tracked: it needs today's check-in (house)."""
DECIDING_SIGNALS = frozenset(
    {"weekly_distance_change", "single_run_spike", "hard_days_back_to_back"}
)
"""Signals whose ``high`` status makes the answer ``modify``."""
DECIDING_AT_CAUTION = frozenset({"single_run_spike"})
"""Signals whose ``caution`` status decides too: Frandsen et al. 2025 found runs 10–30 % longer
than the 30-day longest (HRR 1.64) as risky as 30–100 % longer (HRR 1.52)."""
SHOWN_AT_CAUTION = frozenset({SHOE_SIGNAL})
"""Signals with no ``high`` band whose ``caution`` is shown as a TRAIN-2 caution (a change of
shoe, :mod:`achillescare.domain.gear.caution`)."""
VISA_WINDOW_DAYS = 84
"""VISA-A changes are judged over at most ~12 weeks for VISA-WORSE, at least 12 for RF-9."""
VISA_RECOVERED = 90


@dataclass(frozen=True, slots=True)
class TrainingFacts:
    """What the decision reads of the runner's training as of the date.

    ``signals``: :func:`achillescare.domain.load.table.signals_as_of` output. ``longest_run_30d_m``:
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
        ``override`` are null unless a specialist's override set the day); the decision log
        keeps it, and :meth:`from_json` reads it back whole."""
        return {
            "as_of": self.as_of.isoformat(),
            "decision": self.decision,
            "sides": {side: self.sides.get(side) for side in SIDES},
            "reasons": [r.to_json() for r in self.reasons],
            "advice": list(self.advice),
            "signals": [s.to_json() for s in self.signals],
            "computed_decision": self.computed,
            "override": self.override.to_dict() if self.override is not None else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> DailyDecision:
        """The decision :meth:`to_json` wrote, equal to the one decided.

        ``fired`` and ``needs_checkin`` are not written because :func:`decide` derives them
        from the reasons, and so does this. Raises ValueError for anything :meth:`to_json`
        would not write — an unknown decision, level, side or signal status, a missing field —
        rather than guessing: a guessed answer could tell a runner with a red flag to run."""
        as_of = data.get("as_of")
        if not isinstance(as_of, str):
            raise InvalidInput(f"decision: as_of must be an ISO date, not {as_of!r}")
        sides = data.get("sides")
        if not isinstance(sides, Mapping) or set(sides) != set(SIDES):
            raise InvalidInput(f"decision: sides must name {' and '.join(SIDES)}, not {sides!r}")
        reasons = tuple(Reason.from_json(r) for r in _objects(data, "reasons"))
        advice = data.get("advice")
        if not isinstance(advice, list) or not all(isinstance(a, str) for a in advice):
            raise InvalidInput(f"decision: advice must be a list of sentences, not {advice!r}")
        computed = data.get("computed_decision")
        override = data.get("override")
        if override is not None and not isinstance(override, Mapping):
            raise InvalidInput(f"decision: override must be an object, not {override!r}")
        fired = frozenset(r.rule for r in reasons)
        return cls(
            as_of=date.fromisoformat(as_of),
            decision=as_decision(data.get("decision")),
            sides={side: as_level(sides[side], f"decision: {side} side") for side in SIDES},
            reasons=reasons,
            advice=tuple(advice),
            signals=tuple(Signal.from_json(s) for s in _objects(data, "signals")),
            needs_checkin="DATA-1" in fired,
            fired=fired,
            computed=as_level(computed, "decision: computed_decision"),
            override=None if override is None else override_from_dict(override),
        )


def _objects(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    found = data.get(key)
    if not isinstance(found, list) or not all(isinstance(item, Mapping) for item in found):
        raise InvalidInput(f"decision: {key} must be a list of objects, not {found!r}")
    return found


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
        shown = signal.status == "caution" and signal.id in SHOWN_AT_CAUTION
        if signal.status != "high" and not deciding and not shown:
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


_DECISION_RULES: tuple[Rule, ...] = (
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
        "Any other high signal (ACWR, monotony, days without rest, hill or fast load) and a "
        "recent change of shoe (GEAR-1, GEAR-2) are shown as a caution and never decide alone.",
        ("gabbett2016", "impellizzeri2020", "frandsen2025"),
        area="decision",
        notes="Frandsen 2025: ACWR negatively associated with injury in 5,205 runners.",
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
        "Silbernagel & Crossley 2015 but not read.",
    ),
)

RULES: tuple[Rule, ...] = (*_DECISION_RULES, *runner_flags.RULES)
"""This module's rules and :mod:`runner_flags`' (listed here so the rulebook finds them)."""

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in (*pain_monitoring.RULES, *RULES)}
