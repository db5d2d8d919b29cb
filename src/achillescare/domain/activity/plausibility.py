"""What a recorded activity, a check-in date or a pace setting can physically be.

Beyond these limits the data is damaged or mistyped (a device whose clock was never set writes
year 1 or 1989; one flipped bit in a FIT distance field gives a 42,783 km run; a spreadsheet
writes 9999-12-31 for "no date"), not a runner's training. Such data must never be stored or
fed to the training load: one 2,000-year "run" dominates every load ratio it touches. Each
import reports the activity as rejected with the reason these functions give, so the runner
can fix the file or the clock.

These are house limits, set with a wide margin beyond what any runner does so that no real
activity is ever refused; each constant says why it sits where it does. Every importer and
the manual entry go through :func:`implausible_activity`, so the limits live only here.
"""

from __future__ import annotations

import math
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

from achillescare.domain.activity.records import Activity, FileSummary, is_running

EARLIEST_START = datetime(1990, 1, 1, tzinfo=UTC)
"""No activity recorder a runner could import from predates 1990 (the FIT epoch is
1989-12-31; GPS sports watches came in the early 2000s). Earlier times are an unset clock."""

EARLIEST_CHECKIN = date(1990, 1, 1)
"""A check-in records how a tendon feels today; a date before the activities it is compared
with can only be a typing slip (year 1, 199)."""

MAX_AHEAD = timedelta(days=1)
"""How far ahead of this machine's clock an activity may start: a day covers every time zone
and a device clock running somewhat fast; beyond that the clock or the file is wrong."""

MAX_DURATION_S = 7 * 86_400.0
"""The longest single activity: non-stop multi-day races (e.g. the Tor des Géants, 330 km)
take 3–6 days; a week is beyond any of them. The manual entry uses the same limit."""

MAX_SAMPLES = 7 * 86_400
"""The most samples (track points, FIT records) one file may hold: a week at one sample a second,
the rate of a watch's every-second recording. More can only be a longer activity than
:data:`MAX_DURATION_S` allows, or a damaged file; it is refused before it fills the memory."""

MAX_FOOT_DISTANCE_M = 1_000_000.0
"""The longest single activity on foot: the 24-hour running record is about 320 km and
non-stop multi-day races stay well under 1,000 km; a longer "run" is a damaged file."""

MAX_FOOT_SPEED_M_S = 12.0
"""The fastest average speed on foot: the fastest 100 m ever run averages 10.4 m/s (Bolt,
9.58 s, 2009; peak ≈ 12.4 m/s over 20 m). Any activity on foot averaging more is a damaged file
or a ride recorded as a run. The same bound applies to a runner's fast-pace threshold (a pace
of 0:01 /km is 1,000 m/s)."""

MAX_OTHER_SPEED_M_S = 100.0
"""The fastest average speed of any other activity a sports watch records (360 km/h: beyond a
car on a road, a downhill bike or a glider); faster is an aeroplane or a damaged file."""

FOOT_SPORTS = frozenset({"walking", "hiking"})
"""Sports on foot besides every kind of running (:func:`achillescare.domain.activity.records.is_running`)."""


def on_foot(sport: str) -> bool:
    """Running of every kind, walking and hiking."""
    return is_running(sport) or sport in FOOT_SPORTS


def implausible_activity(activity: Activity, now: datetime) -> str | None:
    """Why ``activity`` cannot be real (one line, for the runner), or None if it can be.

    ``now`` is the current time (aware): an activity may not start more than
    :data:`MAX_AHEAD` after it.
    """
    start = activity.start_utc
    if start < EARLIEST_START:
        return (
            f"implausible: it starts on {start.date().isoformat()}, before {EARLIEST_START.year} "
            "(the device's clock was not set, or the file is damaged)"
        )
    if start > now + MAX_AHEAD:
        return f"implausible: it starts on {start.date().isoformat()}, in the future"
    figures = (activity.distance_m, activity.duration_s, activity.moving_s)
    if not all(math.isfinite(x) and x >= 0 for x in figures):
        return "implausible: its distance or duration is negative or not a number"
    if activity.duration_s > MAX_DURATION_S:
        return f"implausible: it lasts {_span(activity.duration_s)}, more than 7 days"
    foot = on_foot(activity.sport)
    if foot and activity.distance_m > MAX_FOOT_DISTANCE_M:
        return (
            f"implausible: {activity.distance_m / 1000:,.0f} km on foot in one activity "
            f"(the limit is {MAX_FOOT_DISTANCE_M / 1000:,.0f} km)"
        )
    # Over the elapsed time, not the moving time: a paused timer must not make a run "too fast".
    seconds = max(activity.duration_s, 1.0)
    speed = activity.distance_m / seconds
    limit = MAX_FOOT_SPEED_M_S if foot else MAX_OTHER_SPEED_M_S
    if speed > limit:
        return (
            f"implausible: an average speed of {speed * 3.6:,.1f} km/h "
            f"({activity.distance_m / 1000:,.2f} km in {_span(seconds)}); "
            f"the limit {'on foot ' if foot else ''}is {limit * 3.6:.0f} km/h"
        )
    return None


def too_many_samples(what: str, limit: int = MAX_SAMPLES) -> str:
    """The reason a file with more than ``limit`` samples (or messages) is refused."""
    return (
        f"implausible: more than {limit:,} {what}, more than a week of recording at one "
        "sample a second (the longest activity accepted is 7 days)"
    )


def implausible_summary(summary: FileSummary) -> str | None:
    """Why the totals a file states cannot be read as numbers (an overflow such as ``1e308`` km
    becomes infinite), or None. Checked before anything is derived from them."""
    for field in fields(summary):
        value = getattr(summary, field.name)
        if value is not None and not math.isfinite(value):
            return f"implausible: the file states {field.name} = {value}"
    return None


def implausible_fast_speed(speed_m_s: float) -> str | None:
    """Why a fast-pace threshold (as a speed) cannot be a runner's, or None if it can be."""
    if not math.isfinite(speed_m_s) or speed_m_s <= 0:
        return "the fast pace must be a positive pace"
    if speed_m_s > MAX_FOOT_SPEED_M_S:
        return (
            f"a fast pace of {speed_m_s * 3.6:,.0f} km/h is faster than anyone runs "
            f"(the limit is {MAX_FOOT_SPEED_M_S * 3.6:.0f} km/h)"
        )
    return None


def _span(seconds: float) -> str:
    """``45 min``, ``3.2 h``, ``7.1 days``, ``2,010 years``: the size of a duration at a glance."""
    if seconds < 3_600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86_400:
        return f"{seconds / 3_600:.1f} h"
    if seconds < 60 * 86_400:
        return f"{seconds / 86_400:.1f} days"
    if seconds < 2 * 365 * 86_400:
        return f"{seconds / 86_400:,.0f} days"
    return f"{seconds / (365.25 * 86_400):,.0f} years"
