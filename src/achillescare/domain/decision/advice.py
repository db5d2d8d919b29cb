"""Concrete advice for today, in the runner's units: how far, what to avoid, when to stop, what
to check tomorrow morning.

The longest sensible run is 1.10 × the longest run of the previous 30 days: a single run more than
10 % longer raised the overuse-injury rate (HRR 1.64 for > 10–30 %, Frandsen et al. 2025, BJSM).
A run that was itself such a spike counts only up to the longest run before it, so the cap after
a spike is judged against the runner's base, not the spike.
A modified run is also at most 80 % of the last run (house: Silbernagel does not size the
reduction; the spec's default is −20 to −50 %).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from achillescare.domain.assessment.symptoms import FLAG_LABELS, Side
from achillescare.domain.decision.verdicts import Decision, Reason
from achillescare.domain.units import Units, format_distance

if TYPE_CHECKING:
    from achillescare.domain.assessment.symptoms import CheckIn
    from achillescare.domain.decision.daily import TrainingFacts

SPIKE_CAP = 1.10
"""Frandsen et al. 2025: up to 10 % above the 30-day longest run is the reference group."""
MODIFIED_FRACTION = 0.8
"""A modified run is at most 80 % of the last run (house)."""

_FLAG_ADVICE: dict[str, str] = {
    "RF-1": "Pain at rest or at night is not typical tendon overload: have it assessed.",
    "RF-2": "A hot, red or swollen tendon with fever needs a doctor soon (possible infection).",
    "RF-2S": "Fever or feeling unwell with a painful tendon: no training while ill, and have "
    "the tendon checked (infection or inflammatory disease).",
    "RF-2L": "A red or warm tendon is not ordinary tendon overload (infection, bursitis or "
    "inflammatory disease): have it assessed soon, sooner if fever follows.",
    "RF-3S": "Both tendons painful with long morning stiffness: a clinician should rule out "
    "inflammatory disease; mention any back, joint, skin or bowel symptoms.",
    "RF-3P": "Both tendons hurt at 4/10 or more without a training reason: have them "
    "assessed (systemic disease can affect both).",
    "RF-4": "Numbness or tingling points to a nerve: mention it to the clinician.",
    "RF-5": "Fluoroquinolone antibiotics and tendon pain: contact your prescriber promptly and "
    "rest the tendon (FDA 2008 boxed warning).",
    "RF-6": "Tendon pain after a corticosteroid injection or steroid tablets: the tendon may be "
    "weakened; rest it and have it assessed before running again.",
    "RF-7": "Limping or a changed running form: stop running until assessed.",
    "RF-8": "Pain above 5/10 keeps recurring during runs: the pain-monitoring model is failing.",
    "RF-8W": "Pain is rising week on week although you run less: have it assessed.",
    "RF-8B": "Pain has built up during more than one recent run instead of easing: the tendon "
    "cannot take the running load now; have it assessed before the next run.",
    "RF-11": "Heel pain while still growing is often Sever's disease (the heel's growth plate), "
    "not tendon overload: see a doctor or physiotherapist before following this program.",
    "RF-11M": "Pain in the tendon above the heel while still growing: the heel's growth plate "
    "may still be open, so a doctor or physiotherapist should confirm it is the tendon before "
    "you follow this program.",
}


def _reference_m(training: TrainingFacts) -> float | None:
    """The distance the cap scales from: the 30-day longest run, a spike credited only up to
    the longest run before it (so the advice after a spike is not itself a spike)."""
    if training.cap_reference is not None:
        return training.cap_reference.longest_m
    return training.longest_run_30d_m


def _cap_m(decision: Decision, training: TrainingFacts) -> float | None:
    reference = _reference_m(training)
    if reference is None:
        return None
    cap = SPIKE_CAP * reference
    if decision != "run":
        base = training.last_run_m or reference
        cap = min(cap, MODIFIED_FRACTION * base)
    return cap


def _no_distance_advice(training: TrainingFacts) -> str:
    """The advice when no run distance is known: say what is known (runs reported in
    check-ins but no run data given), never that there was no run."""
    walk_run = (
        "make it a short, easy walk–run (e.g. 20–30 minutes) and judge it by tomorrow morning "
        "(house)."
    )
    if training.reported_runs:
        runs = "a run" if training.reported_runs == 1 else f"{training.reported_runs} runs"
        return (
            f"Your check-ins report {runs} in the last 30 days, but no run distances were given "
            "(no activity files or runs list), so there is nothing to scale today's distance "
            f"from: {walk_run}"
        )
    return f"No run in the last 30 days to scale from: {walk_run}"


def _reference_text(training: TrainingFacts, units: Units) -> str:
    reference = format_distance(_reference_m(training) or 0.0, units)
    spike = training.cap_reference
    if spike is None or spike.spike_m is None or spike.spike_day is None:
        return f"your 30-day longest, {reference}"
    return (
        f"{reference}, your longest run before the {format_distance(spike.spike_m, units)} run "
        f"of {spike.spike_day.isoformat()}: a run far beyond your usual longest does not raise "
        "the safe ceiling"
    )


def _distance_advice(decision: Decision, training: TrainingFacts, units: Units) -> str:
    cap = _cap_m(decision, training)
    if cap is None:
        return _no_distance_advice(training)
    reference = _reference_text(training, units)
    if decision == "run":
        return (
            f"Longest run today: {format_distance(cap, units)} (1.10 × {reference}; "
            "Frandsen et al. 2025)."
        )
    return (
        f"At most {format_distance(cap, units)} today (80 % of your last run, and never above "
        f"1.10 × {reference}), flat and at an easy pace."
    )


def _unanswered_advice(reasons: Sequence[Reason]) -> list[str]:
    """DATA-4: name the red-flag questions left blank today, per side, and what to do."""
    out = []
    for r in reasons:
        if r.rule != "DATA-4":
            continue
        names = r.facts.get("unanswered")
        listed = names if isinstance(names, list | tuple) else []
        labels = [FLAG_LABELS.get(str(n), str(n)) for n in listed]
        out.append(
            f"Answer the red-flag questions left blank in today's {r.side} check-in "
            f"({', '.join(labels)}): a blank is not a 'no', so the answer stays at most "
            "'modify' until they are answered."
        )
    return out


def _tomorrow(today: Mapping[Side, CheckIn]) -> str:
    parts = []
    for side, c in sorted(today.items()):
        bits = []
        if c.morning_pain is not None:
            bits.append(f"pain {c.morning_pain}/10")
        if c.morning_stiffness_min is not None:
            bits.append(f"stiffness {c.morning_stiffness_min} min")
        if bits:
            parts.append(f"{side}: {', '.join(bits)}")
    baseline = f" — no higher than today's ({'; '.join(parts)})" if parts else ""
    return (
        "Tomorrow morning: check in with the pain on your first steps and the minutes of "
        f"stiffness for each leg{baseline}."
    )


def advice_for(
    decision: Decision,
    reasons: Sequence[Reason],
    today: Mapping[Side, CheckIn],
    training: TrainingFacts,
    units: Units,
) -> list[str]:
    """The advice lines for a decision, most important first."""
    fired = {r.rule for r in reasons}
    out: list[str] = []
    if "DATA-1" in fired:
        out.append(
            "Check in first: without today's answers the pain-monitoring model cannot be "
            "applied, so the answer is at most 'modify'."
        )
    out.extend(_unanswered_advice(reasons))
    if decision == "urgent":
        out.append(
            "Stop: do not run or load the leg. Get a same-day medical assessment (urgent care or "
            "emergency department) for a suspected Achilles rupture."
        )
        out.append(
            "You may still be able to walk and point the foot with a rupture: that does not "
            "rule it out. Early treatment matters."
        )
        return out
    if decision == "see_specialist":
        out.append(
            "Pause running and hard calf or jump work until a clinician (sports physiotherapist "
            "or sports doctor) has assessed the tendon."
        )
        out.extend(_FLAG_ADVICE[r.rule] for r in reasons if r.rule in _FLAG_ADVICE and r.level)
        out.append("Gentle walking and daily activity within comfort are fine meanwhile.")
        return out
    if decision == "rest":
        out.append(
            "No running today. Rehab exercises (heel raises) are fine if pain stays at or below "
            "5/10 during them and settles by tomorrow morning; cycling or swimming if pain-free."
        )
        out.append(
            "Next run: reduced. "
            + _distance_advice("modify", training, units).replace(" today", "")
        )
    elif decision == "modify":
        out.append(_distance_advice(decision, training, units))
        out.append("Avoid sprints, strides, hills and jumps today; keep to flat ground.")
    else:
        out.append(_distance_advice(decision, training, units))
    out.append(
        "Stop the run if pain goes above 5/10, or builds during the run instead of easing "
        "(Silbernagel et al. 2007)."
    )
    if "SYM-4" in fired:
        out.append(
            "Pain at the insertion: do heel drops on flat floor, not off a step, and avoid steep "
            "uphills (Jonsson et al. 2008)."
        )
    if "RF-5" in fired:
        out.append(
            "Recent fluoroquinolone antibiotic: at the first tendon pain, stop running and contact "
            "your prescriber (FDA 2008 boxed warning)."
        )
    if "RF-6" in fired:
        out.append(
            "Recent corticosteroid: avoid hops, sprints and heavy loading of the tendon, and stop "
            "at the first tendon pain (Shrier et al. 1996)."
        )
    out.extend(
        f"Caution: {r.facts.get('signal')}"
        + (" is high" if r.facts.get("status") == "high" else "")  # a shoe change has no "high"
        + " — shown as context, it does not decide alone."
        for r in reasons
        if r.rule == "TRAIN-2"
    )
    if "RF-11M" in fired and decision == "modify":
        out.append(_FLAG_ADVICE["RF-11M"])
    if "RF-3" in fired:
        out.append(
            "Both tendons hurt without a training reason: tell a clinician, especially if other "
            "joints, your back or your skin are affected too."
        )
    if "RF-9" in fired:
        out.append(
            "VISA-A has not improved meaningfully in 12 weeks: ask a clinician to review the plan."
        )
    out.append(_tomorrow(today))
    return out
