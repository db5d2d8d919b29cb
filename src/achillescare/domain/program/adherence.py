"""The adherence log: sessions and exercises marked done, with pain during them and effort.

Pain during exercise (0–10) drives progression under the pain-monitoring model (Silbernagel
2007: up to 5/10 allowed); RPE × minutes is Foster's session load; prevention sessions over 14
days feed the risk profile and the load signal ``prevention_sessions_14d``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from achillescare.errors import InvalidInput

LoggedKind = Literal["recovery", "prevention"]
PAIN_ALLOWED = 5
"""PM-1: pain during an exercise may reach 5/10 (Silbernagel 2007)."""
PAIN_GREEN = 2
"""0–2 is the safe zone of the pain-monitoring model: acceptable, but not pain-free."""
PAIN_FREE = 0
"""Pain-free means 0/10. 1–2/10 is within the pain-monitoring model's safe zone (allowed, see
:data:`PAIN_GREEN`) but is never called pain-free: criteria worded "pain-free" (Alfredson 1998:
add load when the exercise no longer hurts; JAT 2020: no pain at the insertion) use this."""


@dataclass(frozen=True, slots=True)
class AdherenceEntry:
    """One log line: a whole session (``exercise_id`` None) or one exercise, done on ``done_on``."""

    done_on: date
    kind: LoggedKind
    exercise_id: str | None = None
    pain_during: int | None = None
    rpe: float | None = None
    duration_min: float | None = None
    sets: int | None = None
    reps: int | None = None
    load_kg: float | None = None
    note: str = ""
    recorded_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.pain_during is not None and not 0 <= self.pain_during <= 10:
            raise InvalidInput("pain during exercise is rated 0–10")
        if self.rpe is not None and not 0 <= self.rpe <= 10:
            raise InvalidInput("effort (RPE) is rated 0–10")
        if self.duration_min is not None and self.duration_min < 0:
            raise InvalidInput("a duration cannot be negative")

    @property
    def session_load_au(self) -> float | None:
        """Foster's session load: RPE × minutes, in arbitrary units; None if either is missing."""
        if self.rpe is None or self.duration_min is None:
            return None
        return self.rpe * self.duration_min


def in_window(entries: Iterable[AdherenceEntry], first: date, last: date) -> list[AdherenceEntry]:
    return [e for e in entries if first <= e.done_on <= last]


def days_done(entries: Iterable[AdherenceEntry], kind: LoggedKind | None = None) -> set[date]:
    return {e.done_on for e in entries if kind is None or e.kind == kind}


def prevention_sessions_14d(entries: Sequence[AdherenceEntry], as_of: date) -> int:
    """Days with a prevention session logged in the 14 days ending ``as_of`` (one per day)."""
    window = in_window(entries, as_of - timedelta(days=13), as_of)
    return len(days_done(window, "prevention"))


def max_pain(entries: Iterable[AdherenceEntry]) -> int | None:
    values = [e.pain_during for e in entries if e.pain_during is not None]
    return max(values) if values else None


def daily_max_pain(entries: Iterable[AdherenceEntry]) -> dict[date, int]:
    """The highest exercise pain logged each day."""
    out: dict[date, int] = {}
    for entry in entries:
        if entry.pain_during is not None:
            out[entry.done_on] = max(out.get(entry.done_on, 0), entry.pain_during)
    return out


def mean_daily_pain(entries: Iterable[AdherenceEntry]) -> float | None:
    days = daily_max_pain(entries)
    return sum(days.values()) / len(days) if days else None
