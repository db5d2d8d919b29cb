"""A run's Achilles features next to the runner's usual, and where the run came from, in words.

"Usual" is the median over the runner's counted runs of the :data:`USUAL_DAYS` days before the
run (the run itself left out): a median, because one long hilly race should not move what is
usual. Uphill and fast running raise the load on the Achilles tendon per step (the load rules
count them), so a run with several times the runner's usual uphill or fast minutes is worth
seeing at a glance. The bands ("about your usual" within
±25 %) are house conventions for reading, not thresholds any rule uses.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Literal

from achillescare.domain.activity.records import Activity
from achillescare.domain.units import Units, format_short_distance

__all__ = [
    "USUAL_DAYS",
    "Feature",
    "Usual",
    "achilles_features",
    "compared",
    "source_label",
    "usual_of",
]

USUAL_DAYS = 90
"""The window of runs before this one whose median is "your usual"."""
ABOUT_THE_SAME = 0.25
"""Within ±25 % of the usual reads as "about your usual"."""


@dataclass(frozen=True, slots=True)
class Usual:
    """The runner's median of one feature over the runs before, and how many runs it is from."""

    median: float
    runs: int


def usual_of(activity: Activity, history: Iterable[Activity], feature: str) -> Usual | None:
    """The median of ``feature`` (an :class:`Activity` field, e.g. ``uphill_m``) over the
    counted runs of the :data:`USUAL_DAYS` days before ``activity``; None without such runs."""
    since = activity.start_utc - timedelta(days=USUAL_DAYS)
    values = [
        float(value)
        for other in history
        if other.counts_for_load
        and other.id != activity.id
        and since <= other.start_utc < activity.start_utc
        and (value := getattr(other, feature)) is not None
    ]
    if not values:
        return None
    return Usual(median=statistics.median(values), runs=len(values))


def compared(value: float, usual: float) -> str:
    """``"about 3× your usual"``, ``"about your usual"``, ``"half your usual"``, ``"none
    usually"``: how ``value`` stands to the usual ``usual`` (both in the same unit)."""
    if usual <= 0:
        return "about your usual" if value <= 0 else "more than your usual (usually none)"
    ratio = value / usual
    if abs(ratio - 1) <= ABOUT_THE_SAME:
        return "about your usual"
    if ratio > 1:
        times = f"{ratio:.0f}" if ratio >= 2.5 else f"{ratio:.1f}".rstrip("0").rstrip(".")
        return f"about {times}× your usual"
    if ratio < 0.1:
        return "far below your usual"
    return f"about {round(ratio * 100, -1):.0f} % of your usual"


@dataclass(frozen=True, slots=True)
class Feature:
    """One Achilles feature of a run (uphill metres, fast minutes, strides), the runner's usual
    in the same unit (None: no runs before) and one sentence saying both."""

    id: Literal["uphill", "fast", "strides"]
    value: float
    usual: float | None
    usual_runs: int
    text: str


_FEATURES: tuple[tuple[Literal["uphill", "fast", "strides"], str, str, float], ...] = (
    ("uphill", "uphill_m", "Uphill", 1.0),
    ("fast", "fast_s", "Fast running", 60.0),
    ("strides", "strides", "Strides", 1.0),
)


def _said(key: str, amount: float, units: Units) -> str:
    if key == "uphill":
        return format_short_distance(amount, units)
    if key == "fast":
        return f"{amount:.1f} fast minutes" if round(amount, 1) != 1 else "1 fast minute"
    return f"{amount:.0f} strides" if round(amount) != 1 else "1 stride"


def achilles_features(
    activity: Activity, before: Iterable[Activity], units: Units
) -> list[Feature]:
    """The run's uphill (in the runner's units), fast minutes and strides, each beside the
    runner's usual: ``"Uphill: 180 m, about 3× your usual 60 m."``; a feature the run does not
    know (no altitude, no fast threshold) is left out."""
    history = list(before)
    found = []
    for key, field, label, scale in _FEATURES:
        value = getattr(activity, field)
        if value is None:
            continue
        usual = usual_of(activity, history, field)
        amount = float(value) / scale
        typical = None if usual is None else usual.median / scale
        text = f"{label}: {_said(key, amount, units)}"
        if typical is None:
            text += f"; no runs in the {USUAL_DAYS} days before to compare with."
        elif typical <= 0:
            text += "; usually none." if amount > 0 else ", as usual."
        else:
            text += f", {compared(amount, typical)} {_said(key, typical, units)}."
        found.append(
            Feature(
                id=key,
                value=round(amount, 1),
                usual=None if typical is None else round(typical, 1),
                usual_runs=0 if usual is None else usual.runs,
                text=text,
            )
        )
    return found


_KIND_WORDS = {
    "fit": "FIT file",
    "gpx": "GPX file",
    "tcx": "TCX file",
    "strava_csv": "Strava export",
}


def source_label(source: str, source_kind: str) -> str:
    """Where an activity came from, for the runner: ``"From your Strava export
    (activities/7540528261.gpx.gz)"`` rather than the stored ``…/export.zip!activities/…``."""
    if source_kind == "demo":
        return "Made up for the demo"
    if source_kind == "manual":
        return "Entered by hand"
    if " row " in source:
        file, _, row = source.rpartition(" row ")
        where = "your Strava export's " if source_kind == "strava_csv" else ""
        return f"From row {row} of {where}{PurePosixPath(file.rpartition('!')[2]).name}"
    archive, bang, member = source.rpartition("!")
    if bang:
        archive_name = PurePosixPath(archive.replace("\\", "/")).name
        if member.startswith("activities/") or "strava" in archive_name.lower():
            return f"From your Strava export ({member})"
        if "DI_CONNECT" in member or "garmin" in archive_name.lower():
            return f"From your Garmin export ({PurePosixPath(member).name})"
        return f"From the archive {archive_name} ({member})"
    name = PurePosixPath(source.replace("\\", "/")).name or source
    kind = _KIND_WORDS.get(source_kind, "file")
    return f"From the {kind} {name}"
