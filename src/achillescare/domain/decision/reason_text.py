"""Each fired rule's reason as one plain sentence, built from the rule and its facts.

The CLI and the web show these sentences; the facts stay in the ``decide --json`` output for
machines. Distances follow the runner's units; dates are written YYYY-MM-DD. A training reason
(TRAIN-1, TRAIN-2) is the signal's own explanation from the load module, which already speaks
the runner's units. A rule without a sentence of its own falls back to its title, never to
``key=value`` text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from achillescare.domain.assessment.symptoms import FLAG_LABELS
from achillescare.domain.decision.verdicts import HEADLINES, FactValue, Reason, as_decision
from achillescare.domain.load.signal import Signal
from achillescare.domain.units import Units, format_distance

Facts = Mapping[str, FactValue]


def _list(value: FactValue) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return [] if value is None else [str(value)]


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _dates(value: FactValue) -> str:
    return _and(_list(value))


def _on(value: FactValue) -> str:
    dates = _list(value)
    return f"on {_and(dates)}" if dates else "recently"


def _labels(value: FactValue) -> str:
    return _and([FLAG_LABELS.get(name, name.replace("_", " ")) for name in _list(value)])


def _since(f: Facts, what: str) -> str:
    return f"{what} {_on(f.get('reported_on'))}, and no clinician has assessed it since."


_PAIN_WORDS = {
    "pain_during_run": "pain during the run",
    "pain_after_run": "pain after the run",
    "morning_pain": "pain on the first steps this morning",
}


def _pains(f: Facts) -> str:
    parts = [f"{words} {f[key]}/10" for key, words in _PAIN_WORDS.items() if f.get(key) is not None]
    return _and(parts)


def _pm3(f: Facts) -> str:
    if f.get("morning_pain") is not None:
        return (
            f"Pain on the first steps this morning is {f['morning_pain']}/10, up from "
            f"{f['previous_morning_pain']}/10 on {f['previous_date']}: the last load had not "
            "settled by the next morning."
        )
    return (
        f"Morning stiffness lasted {f['morning_stiffness_min']} minutes, up from "
        f"{f['previous_morning_stiffness_min']} on {f['previous_date']}: the last load had not "
        "settled by the next morning."
    )


def _pm_zone(f: Facts, high: bool) -> str:
    pains = _pains(f)
    if high:
        return f"High-risk pain ({pains}): above 5/10 is outside the pain-monitoring model."
    return f"Pain in the acceptable zone ({pains}): run only modified and watch tomorrow morning."


def _pm_return(f: Facts) -> str:
    what = (
        "pain built up during the run"
        if f.get("pain_built_during_run")
        else f"the run broke the 5/10 limit ({_pains(f)})"
    )
    return (
        f"On {f['breach_date']} {what}; you have not run since, so the next run is a reduced one."
    )


def _rf2(f: Facts) -> str:
    return (
        f"A red, warm or swollen tendon ({_dates(f.get('local_signs_on'))}) and fever or "
        f"feeling unwell ({_dates(f.get('fever_on'))}) within {f.get('window_days')} days of "
        "each other, and no clinician has assessed it since."
    )


def _rf8w(f: Facts, units: Units) -> str:
    if f.get("pattern_last_seen") is not None:
        return (
            "Weekly morning pain rose two weeks running without more running (last seen "
            f"{f['pattern_last_seen']}), and no clinician has assessed it since."
        )
    means = _list(f.get("weekly_morning_pain"))
    load = [float(x) for x in _list(f.get("load"))]
    if "distance" in str(f.get("load_measure", "")) and len(load) == 2:
        compared = (
            f"running {format_distance(load[0], units)} this week against "
            + format_distance(load[1], units)
        )
    else:
        compared = f"{load[0]:.0f} runs this week against {load[1]:.0f}" if len(load) == 2 else ""
    return (
        f"Weekly mean morning pain rose from {' to '.join(means)}/10 over three weeks while "
        f"the running load did not rise ({compared})."
    )


def _override(f: Facts) -> str:
    decided = HEADLINES[as_decision(f.get("decision"))]
    computed = HEADLINES[as_decision(f.get("computed_decision"))]
    return (
        f"{f.get('specialist')} set this day's answer to “{decided}” ({f.get('reason')}); the "
        f"rules alone gave “{computed}”."
    )


def _assess(f: Facts) -> str:
    who = "reported by you" if f.get("entered_by") == "self_reported" else "entered by them"
    return (
        f"{f.get('assessed_by')} found a {f.get('finding')} on {f.get('assessed_on')} ({who}): "
        "running is paused until they permit it."
    )


def _sides(f: Facts) -> str:
    sides = _list(f.get("sides"))
    return "both tendons" if len(sides) == 2 else f"the {_and(sides)} tendon"


_TEXT: dict[str, Callable[[Facts], str]] = {
    "DATA-1": lambda f: (
        f"No check-in today (the last was on {f['last_checkin']})."
        if f.get("last_checkin")
        else "No check-in today."
    ),
    "DATA-2": lambda f: (
        f"Today's check-in does not give {_and([_PAIN_WORDS.get(m, m) for m in _list(f.get('missing'))])}."
    ),
    "DATA-3": lambda f: "No check-in in the 7 days before to compare this morning with.",
    "DATA-4": lambda f: (
        f"Red-flag questions left unanswered today: {_labels(f.get('unanswered'))}."
    ),
    "ASSESS-R": _assess,
    "CLIN-OVERRIDE": _override,
    "RF-R1": lambda f: _since(f, "A sudden pop or snap was reported"),
    "RF-R3": lambda f: _since(f, "Unable to do a single-leg heel raise was reported"),
    "RF-1": lambda f: _since(f, "Pain at rest or at night was reported"),
    "RF-2": _rf2,
    "RF-2S": lambda f: _since(f, "Fever or feeling unwell with a painful tendon was reported"),
    "RF-2L": lambda f: _since(f, "A red or warm tendon was reported"),
    "RF-4": lambda f: _since(f, "Numbness or tingling was reported"),
    "RF-5": lambda f: (
        f"A fluoroquinolone antibiotic was reported {_on(f.get('reported_on'))}"
        + (
            f", with tendon symptoms {_on(f.get('symptoms_on'))}."
            if f.get("symptoms_on")
            else ": no tendon symptoms since."
        )
    ),
    "RF-6": lambda f: (
        f"A corticosteroid was reported {_on(f.get('reported_on'))}"
        + (
            f", with tendon symptoms {_on(f.get('symptoms_on'))}."
            if f.get("symptoms_on")
            else ": no tendon symptoms since."
        )
    ),
    "RF-7": lambda f: _since(f, "Limping or a changed running form was reported"),
    "RF-8": lambda f: (
        f"Pain during the last runs was {', '.join(_list(f.get('pain_during_last_runs')))}/10 "
        f"({_dates(f.get('run_dates'))}): above 5/10 on two of three runs."
    ),
    "RF-8B": lambda f: (
        f"Pain built up during the run instead of easing on {_dates(f.get('built_up_on'))}: "
        "on two of the last three runs, and no clinician has assessed it since."
    ),
    "RF-3": lambda f: "Both tendons hurt (above 2/10, or swollen or red) with no training reason.",
    "RF-3P": lambda f: (
        f"Both tendons hurt at 4/10 or more ({' and '.join(_list(f.get('pain')))}/10) with no "
        "training reason."
    ),
    "RF-3S": lambda f: (
        f"Both tendons painful with morning stiffness of {f.get('stiffness_min_at_least')} "
        f"minutes or more {_on(f.get('reported_on'))}, and no clinician has seen you since."
    ),
    "RF-11": lambda f: (
        f"Symptoms at the heel of {_sides(f)} while you may still be growing (turning "
        f"{f.get('age_this_year')} this year)."
    ),
    "RF-11M": lambda f: (
        f"Pain in {_sides(f)} above the heel while you may still be growing (turning "
        f"{f.get('age_this_year')} this year): a clinician should confirm it is the tendon."
    ),
    "VISA-WORSE": lambda f: (
        f"VISA-A fell from {' to '.join(_list(f.get('visa_a')))} "
        f"({_dates(f.get('dates'))}), at least {f.get('mcid')} points."
    ),
    "RF-9": lambda f: (
        f"VISA-A went from {' to '.join(_list(f.get('visa_a')))} in {f.get('weeks')} weeks: "
        "not a meaningful improvement."
    ),
    "PM-EX": lambda f: (
        f"Pain during the exercises reached {f.get('exercise_pain')}/10 on "
        f"{f.get('exercise_day')}: above 5/10."
    ),
    "PM-1": lambda f: f"Pain during the run reached {f.get('pain_during_run')}/10: above 5/10.",
    "PM-2": lambda f: f"Pain after the run reached {f.get('pain_after_run')}/10: above 5/10.",
    "PM-3": _pm3,
    "PM-4": lambda f: (
        f"Mean morning pain this week is {f.get('morning_pain_mean_this_week')}/10, up from "
        f"{f.get('morning_pain_mean_last_week')}/10 the week before."
    ),
    "PM-BUILD": lambda f: "Pain built up during the last run instead of easing.",
    "PM-RETURN": _pm_return,
    "PM-OK": lambda f: (
        f"Pain in the safe zone ({_pains(f)}), this morning not measurably worse than the last "
        "check-in."
        if _pains(f)
        else "No pain reported, this morning not measurably worse than the last check-in."
    ),
    "SYM-1": lambda f: "The tendon is swollen (not red or warm, no fever).",
    "SYM-2": lambda f: "Hopping on that leg hurts.",
    "SYM-3": lambda f: f"The tendon is {_labels(f.get('signs'))}: worth watching.",
    "SYM-4": lambda f: "The pain is at the insertion, where the tendon meets the heel bone.",
}


WORDED_RULES: frozenset[str] = frozenset({*_TEXT, "RF-8W", "PM-ZONE", "TRAIN-1", "TRAIN-2"})
"""The rules with a sentence of their own (every other falls back to its title)."""


def reason_sentence(
    reason: Reason,
    titles: Mapping[str, str],
    signals: Sequence[Signal] = (),
    units: Units = Units.KM,
) -> str:
    """The plain sentence for one reason, with the side first when it has one."""
    facts = reason.facts
    if reason.rule in ("TRAIN-1", "TRAIN-2"):
        for signal in signals:
            if signal.id == facts.get("signal") and signal.explanation:
                return signal.explanation
        return f"Training signal {str(facts.get('signal', '')).replace('_', ' ')} is high."
    build = _TEXT.get(reason.rule)
    if reason.rule == "RF-8W":
        text = _rf8w(facts, units)
    elif reason.rule == "PM-ZONE":
        text = _pm_zone(facts, reason.level == "rest")
    elif build is not None:
        text = build(facts)
    else:
        text = titles.get(reason.rule, reason.rule)
    return f"{reason.side.capitalize()}: {text}" if reason.side else text


__all__ = ["WORDED_RULES", "reason_sentence"]
