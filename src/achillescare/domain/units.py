"""Units: the one place where metres and seconds become kilometres, miles and paces.

Everything inside the project is SI with the unit in the name (``distance_m``, ``duration_s``,
``speed_m_s``); conversion happens only here, at the edges, in the runner's chosen units.
"""

from __future__ import annotations

import math
from enum import StrEnum

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344
DEGREES_PER_SEMICIRCLE = 180.0 / 2**31
"""FIT stores latitude and longitude as sint32 "semicircles": 2³¹ semicircles are 180°."""
STEPS_PER_STRIDE = 2
"""FIT running cadence counts strides (one foot) per minute; runners speak of steps (both feet)."""


class Units(StrEnum):
    """The runner's display units: kilometres or miles."""

    KM = "km"
    MI = "mi"

    @property
    def metres(self) -> float:
        """Metres in one display unit."""
        return METRES_PER_KM if self is Units.KM else METRES_PER_MILE

    @property
    def pace_label(self) -> str:
        return f"/{self.value}"


def metres_to(distance_m: float, units: Units) -> float:
    """Distance in the runner's units (km or mi)."""
    return distance_m / units.metres


def to_metres(distance: float, units: Units) -> float:
    """Distance given in the runner's units, in metres."""
    return distance * units.metres


def format_distance(distance_m: float, units: Units, digits: int = 1) -> str:
    """``12.3 km`` or ``7.6 mi``."""
    return f"{metres_to(distance_m, units):.{digits}f} {units.value}"


def pace_s_per_unit(distance_m: float, duration_s: float, units: Units) -> float | None:
    """Seconds per km or per mile; None when there is no distance to divide by."""
    if distance_m <= 0 or duration_s <= 0:
        return None
    return duration_s / metres_to(distance_m, units)


def format_pace(pace_s: float | None, units: Units) -> str:
    """``5:07 /km``; ``–`` when unknown."""
    if pace_s is None or not math.isfinite(pace_s):
        return "–"
    total = round(pace_s)
    return f"{total // 60}:{total % 60:02d} {units.pace_label}"


def speed_to_pace_s(speed_m_s: float, units: Units) -> float | None:
    """A speed as seconds per km or mile."""
    if speed_m_s <= 0:
        return None
    return units.metres / speed_m_s


def pace_to_speed_m_s(pace_s: float, units: Units) -> float:
    """Seconds per km or mile as metres per second."""
    if pace_s <= 0:
        raise ValueError("a pace must be a positive number of seconds")
    return units.metres / pace_s


def parse_pace(text: str) -> float:
    """``"4:30"`` (min:s) or ``"270"`` (s) as seconds; raises ValueError with a readable reason."""
    text = text.strip()
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            value = int(minutes) * 60 + float(seconds)
        else:
            value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a pace: write minutes:seconds, e.g. 4:30") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{text!r} is not a pace: it must be more than zero")
    return value


def format_duration(duration_s: float) -> str:
    """``1:02:03`` or ``45:07``."""
    total = round(duration_s)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


METRES_PER_YARD = 0.9144


def format_short_distance(distance_m: float, units: Units) -> str:
    """A stretch within a run (e.g. its uphill): ``180 m`` (``197 yd`` in miles) below one km
    (half a mile), then ``1.2 km`` or ``0.8 mi``."""
    if units is Units.MI:
        if distance_m < units.metres / 2:
            return f"{distance_m / METRES_PER_YARD:.0f} yd"
        return format_distance(distance_m, units)
    return (
        f"{distance_m:.0f} m" if distance_m < units.metres else format_distance(distance_m, units)
    )
