"""One plain sentence per load signal, in the runner's units, saying the number and why it matters.

Kept apart from the formulas (:mod:`achillescare.domain.load.kernels`) so wording can change
without touching the maths. Every sentence names its source; the ACWR sentences also state the
criticism (Lolli et al. 2019; Impellizzeri et al. 2020): ACWR is a caution, never alone a reason
to stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from achillescare.domain.load.kernels import MIN_CHRONIC_WEEKLY
from achillescare.domain.load.series import HARD_FAST_S, HARD_STRIDES, HARD_UPHILL_M, Metric
from achillescare.domain.load.signal import SignalStatus
from achillescare.domain.units import Units, format_distance
from achillescare.errors import InvalidInput

ACWR_CRITICISM = (
    "ACWR is shown as a caution only, never alone as a reason to stop, because its maths couples "
    "the two loads and it has no causal basis (Lolli et al. 2019; Impellizzeri et al. 2020)"
)

_NOUN: dict[Metric, str] = {
    "distance": "distance",
    "duration": "running time",
    "load": "session load",
}


@dataclass(frozen=True, slots=True)
class Context:
    """What a sentence needs beyond the signal's value: units, metric, date and the parts."""

    units: Units
    metric: Metric
    as_of: date
    parts: dict[str, float]
    spike_day: date | None = None
    spike_run: float | None = None
    spike_reference: float | None = None


def amount(value: float, metric: Metric, units: Units) -> str:
    """A metric quantity as the runner reads it: ``12.3 km``, ``45 min`` or ``300 AU``."""
    if metric == "distance":
        return format_distance(value, units)
    if metric == "duration":
        return f"{value / 60.0:.0f} min"
    return f"{value:.0f} AU"


def _weekly(status: SignalStatus, value: float | None, c: Context) -> str:
    noun = _NOUN[c.metric]
    a, b = amount(c.parts["a"], c.metric, c.units), amount(c.parts["b"], c.metric, c.units)
    if status == "unknown":
        return f"Some runs of the last 14 days have no {noun}, so the weekly change is unknown."
    if status == "insufficient_data" or value is None:
        if c.parts["history"] < 14:
            return "Less than 14 days of history, so there is no previous week to compare with."
        return f"No running in the week before the last 7 days, so {a} has no baseline."
    head = f"Your last 7 days ({a}) are {value:+.1f} % on the 7 days before ({b})"
    tail = {
        "ok": "an increase of at most 10 % is the reference range (Nielsen et al. 2014)",
        "caution": "10–30 % more is a fast build; the evidence for the Achilles is weak "
        "(Nielsen et al. 2014)",
        "high": "more than 30 % in a week was linked to distance-related injuries in novices, "
        "though Achilles pain was not among them (Nielsen et al. 2014)",
    }[status]
    return f"{head}: {tail}."


def _spike(status: SignalStatus, value: float | None, c: Context) -> str:
    if status == "unknown":
        return "Some recent runs have no recorded value for this metric, so spikes are unknown."
    if status == "insufficient_data":
        return (
            "No run in the 30 days before your latest run, so it has nothing to be compared with: "
            "treat it as a first run after a break (Frandsen et al. 2025)."
        )
    if value is None or c.spike_run is None or c.spike_reference is None:
        return "No run in the last 7 days, so there is no single-run spike."
    day = f" on {c.spike_day.isoformat()}" if c.spike_day else ""
    head = (
        f"Your biggest run of the last 7 days ({amount(c.spike_run, c.metric, c.units)}{day}) was "
        f"{100 * value:.1f} % of your longest run in the 30 days before it "
        f"({amount(c.spike_reference, c.metric, c.units)})"
    )
    tail = {
        "ok": "up to 110 % is the reference range (Frandsen et al. 2025)",
        "caution": "runs 10–30 % longer than that came with a 1.64× injury rate in 5,205 runners "
        "(Frandsen et al. 2025)",
        "high": "runs over 30 % longer came with a 1.5–2.3× injury rate in 5,205 runners "
        "(Frandsen et al. 2025)",
    }[status]
    return f"{head}: {tail}."


_ACWR_WORDS = {
    "acwr_rolling": "your weekly average of the last 28 days",
    "acwr_uncoupled": "your weekly average of the 4 weeks before them",
    "acwr_ewma": "your exponentially weighted 28-day load",
}
_BAND_WORDS: dict[SignalStatus, str] = {
    "low": "below 0.8 you are running less than usual",
    "ok": "0.8–1.3 is the usual range (Gabbett 2016)",
    "caution": "1.3–1.5 is above the usual range (Gabbett 2016)",
    "high": "above 1.5 was the 'danger zone' in team sports (Gabbett 2016)",
}


def _acwr(signal_id: str, status: SignalStatus, value: float | None, c: Context) -> str:
    noun = _NOUN[c.metric]
    days = 35 if signal_id == "acwr_uncoupled" else 28
    if status == "unknown":
        return f"Some runs of the last {days} days have no {noun}, so this ratio is unknown."
    chronic = amount(c.parts["chronic"], c.metric, c.units)
    if status == "insufficient_data" or value is None:
        if c.parts["history"] < days:
            reason = f"less than {days} days of history"
        else:
            floor = amount(MIN_CHRONIC_WEEKLY[c.metric], c.metric, c.units)
            reason = f"a weekly base of {chronic}, under the {floor} needed"
        return f"No acute:chronic ratio with {reason}; {ACWR_CRITICISM}."
    acute = amount(c.parts["acute"], c.metric, c.units)
    head = (
        f"Your exponentially weighted 7-day load ({acute} a week) is"
        if signal_id == "acwr_ewma"
        else f"Your last 7 days ({acute}) are"
    )
    return (
        f"{head} {value:.2f} × {_ACWR_WORDS[signal_id]} ({chronic} a week)"
        f" — {_BAND_WORDS[status]}; {ACWR_CRITICISM}."
    )


def _monotony(signal_id: str, status: SignalStatus, value: float | None, c: Context) -> str:
    noun = _NOUN[c.metric]
    if status == "unknown":
        return f"Some runs of the last 7 days have no {noun}, so {signal_id} is unknown."
    if status == "insufficient_data" or value is None:
        return (
            f"Your daily {noun} did not vary over the last 7 days (or there are fewer than 7 days"
            f" of history), so {signal_id} is undefined (Foster 1998)."
        )
    if signal_id == "strain":
        week = amount(c.parts["week"], c.metric, c.units)
        return (
            f"Weekly {noun} ({week}) × monotony ({c.parts['monotony']:.2f}) gives a strain of "
            f"{amount(value, c.metric, c.units)}, shown for context only: there is no validated "
            "threshold for runners (Foster 1998)."
        )
    mean, sd = amount(c.parts["mean"], c.metric, c.units), amount(c.parts["sd"], c.metric, c.units)
    tail = {
        "ok": "up to 1.5 the days vary enough",
        "caution": "from 1.5 to 2.0 the days are getting alike, so mix hard, easy and rest days",
        "high": "above 2.0 the days are too alike, so add rest or easy days",
    }[status]
    return (
        f"Your daily {noun} over the last 7 days averages {mean} with a spread of {sd}, a monotony"
        f" of {value:.2f}: {tail} (Foster 1998)."
    )


def _streak(status: SignalStatus, value: float | None, c: Context) -> str:
    days = int(value or 0)
    if days == 0:
        return f"You did not run on {c.as_of.isoformat()}: rest days let the tendon adapt."
    tail = {
        "ok": "rest days in between let the tendon adapt",
        "caution": "a week or more without a rest day gives the tendon no time to recover",
        "high": "two weeks or more without a rest day gives the tendon no time to recover",
    }[status]
    plural = "s" if days > 1 else ""
    return f"You have run {days} day{plural} in a row up to {c.as_of.isoformat()}: {tail} (AchillesCare's own threshold)."


def _hard(status: SignalStatus, value: float | None, c: Context) -> str:
    hard = (
        f"≥ {HARD_FAST_S / 60:.0f} fast minutes, ≥ {HARD_STRIDES} strides or "
        f"≥ {format_distance(HARD_UPHILL_M, c.units)} uphill"
    )
    if status == "unknown":
        return (
            "Your runs of the last 14 days carry no fast-running, stride or uphill data, so hard "
            "days cannot be told apart."
        )
    pairs = int(value or 0)
    if pairs == 0:
        return f"No two hard days ({hard}) back to back in the last 14 days: well spaced."
    plural = "s" if pairs > 1 else ""
    return (
        f"{pairs} pair{plural} of back-to-back hard days ({hard}) in the last 14 days: sprints or hills "
        "need a rest day after them (common coaching advice; AchillesCare's own threshold)."
    )


def _part(signal_id: str, status: SignalStatus, value: float | None, c: Context) -> str:
    what = "uphill running" if signal_id == "hill_load_ratio" else "fast running"

    def show(x: float) -> str:
        return (
            format_distance(x, c.units) if signal_id == "hill_load_ratio" else f"{x / 60:.0f} min"
        )

    if status == "unknown":
        return f"Your runs of the last 28 days carry no {what} data, so this ratio is unknown."
    if status == "insufficient_data" or value is None:
        return (
            f"No {what} in the last 28 days (or less than 28 days of history), so there is no "
            "baseline to compare with."
        )
    return (
        f"Your {what} of the last 7 days ({show(c.parts['acute'])}) is {value:.2f} × your weekly "
        f"average of 28 days ({show(c.parts['chronic'])}) — shown for context with the ACWR "
        "bands; no study gives a threshold for it."
    )


def _prevention(status: SignalStatus, value: float | None) -> str:
    if status == "unknown":
        return "Prevention and strength sessions are not logged yet, so this signal is unknown."
    sessions = int(value or 0)
    if sessions == 0:
        return (
            "No prevention or strength session in the last 14 days: calf raises and glute work "
            "build the tendon's reserve (expert advice; 2–3 sessions a week is AchillesCare's "
            "own target)."
        )
    plural = "s" if sessions > 1 else ""
    return f"{sessions} prevention or strength session{plural} in the last 14 days (2–3 a week is AchillesCare's own target)."


def explain(signal_id: str, status: SignalStatus, value: float | None, context: Context) -> str:
    """The one-sentence explanation of a signal as of ``context.as_of``."""
    if signal_id == "weekly_distance_change":
        return _weekly(status, value, context)
    if signal_id == "single_run_spike":
        return _spike(status, value, context)
    if signal_id in _ACWR_WORDS:
        return _acwr(signal_id, status, value, context)
    if signal_id in ("monotony", "strain"):
        return _monotony(signal_id, status, value, context)
    if signal_id == "days_without_rest":
        return _streak(status, value, context)
    if signal_id == "hard_days_back_to_back":
        return _hard(status, value, context)
    if signal_id in ("hill_load_ratio", "fast_load_ratio"):
        return _part(signal_id, status, value, context)
    if signal_id == "prevention_sessions_14d":
        return _prevention(status, value)
    raise InvalidInput(f"no explanation for signal {signal_id!r}")
