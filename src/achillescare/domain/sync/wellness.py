"""A day of wellness figures a linked service recorded (intervals.icu): kept beside, never in,
the runner's own check-in.

Why a table of its own, and not the check-in's context fields: a check-in is the runner's own
answer to the pain-monitoring questions (Silbernagel et al. 2007, Am J Sports Med
35(6):897–906), one per leg and day; a sync that filled in a check-in's sleep would have to
create check-ins on days the runner never answered, and a check-in without pain answers would
read as a day checked in. So the service's figures stay in their own record, shown on the
timeline beside the runner's answers, and nothing here ever becomes a pain, stiffness or
red-flag answer. ``soreness`` and ``injury`` are kept as the service's own 1–4 ratings, for the
runner and their clinician to read; they are not pain ratings and no rule reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from achillescare.domain.sync.links import SourceName

WELLNESS_FIELDS: dict[str, str] = {
    "resting_hr_bpm": "resting heart rate",
    "hrv_ms": "heart rate variability",
    "sleep_h": "sleep",
    "sleep_score": "sleep score",
    "soreness": "soreness",
    "injury": "injury",
}
"""The figures kept, with the words a page uses for each."""


@dataclass(frozen=True, slots=True)
class WellnessDay:
    """One day's figures from one service; ``None`` where the service had none that day.

    ``resting_hr_bpm`` in beats per minute, ``hrv_ms`` (rMSSD) in milliseconds, ``sleep_h`` in
    hours, ``sleep_score`` as the device gave it (0–100), ``soreness`` and ``injury`` on the
    service's 1–4 scales.
    """

    day: date
    source: SourceName
    resting_hr_bpm: float | None = None
    hrv_ms: float | None = None
    sleep_h: float | None = None
    sleep_score: float | None = None
    soreness: int | None = None
    injury: int | None = None

    @property
    def empty(self) -> bool:
        """True when the service had none of the kept figures that day (nothing to store)."""
        return all(getattr(self, name) is None for name in WELLNESS_FIELDS)


__all__ = ["WELLNESS_FIELDS", "WellnessDay"]
