"""The shapes of a weekly plan: prescriptions, runs, sessions, the runner's running week.

Built by :mod:`achillescare.domain.program.progression` (recovery), :mod:`achillescare.domain.program.prevention`
and :mod:`achillescare.domain.program.return_to_run`; rendered by the CLI (text, JSON, iCalendar, HTML).
Exercises are referred to by their library id (``exercises.md``); dosing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations, pairwise
from typing import Literal

from achillescare.domain.units import Units, format_distance, format_duration
from achillescare.errors import InvalidInput

Location = Literal["mid_portion", "insertional", "none"]
LOCATIONS: tuple[Location, ...] = ("mid_portion", "insertional", "none")
SessionKind = Literal["recovery", "prevention", "run", "rest"]
RunKind = Literal["easy", "long", "hard"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise as dosed for one session. ``reps`` or ``seconds`` (per set, per leg where the
    exercise is single-leg); ``times_per_day`` is 2 for Alfredson's twice-daily protocol."""

    exercise_id: str
    sets: int
    reps: int | None = None
    seconds: int | None = None
    load: str = "body weight"
    tempo: str = ""
    variant: str = ""
    times_per_day: int = 1
    why: str = ""

    def dose_text(self) -> str:
        amount = f"{self.reps} reps" if self.reps is not None else f"{self.seconds} s"
        text = f"{self.sets} × {amount}"
        if self.times_per_day > 1:
            text += f", {self.times_per_day}× a day"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.exercise_id,
            "sets": self.sets,
            "reps": self.reps,
            "seconds": self.seconds,
            "load": self.load,
            "tempo": self.tempo,
            "variant": self.variant,
            "times_per_day": self.times_per_day,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class RunPrescription:
    """A run in the plan. Walk-run: ``intervals`` = (run s, walk s, repeats). Distances in metres;
    ``max_distance_m`` is the single-run cap (1.10 × the longest run of 30 days, Frandsen 2025)."""

    kind: Literal["walk_run", "easy", "long", "hard", "hills", "planned"]
    duration_s: float | None = None
    distance_m: float | None = None
    intervals: tuple[int, int, int] | None = None
    max_distance_m: float | None = None
    why: str = ""

    def __post_init__(self) -> None:
        """A walk-run's duration is its intervals' sum, (run + walk) × repeats: derived when not
        given, refused when it disagrees (a card must never say 6 × 3 min and 12.6 min)."""
        if self.intervals is None:
            return
        run_s, walk_s, reps = self.intervals
        if min(run_s, walk_s) < 0 or reps < 1:
            raise ValueError(
                f"walk-run intervals must be (run s, walk s, repeats ≥ 1), not {self.intervals}"
            )
        total = float((run_s + walk_s) * reps)
        if self.duration_s is None:
            object.__setattr__(self, "duration_s", total)
        elif abs(self.duration_s - total) > 0.5:
            raise ValueError(
                f"a walk-run of {reps} × ({run_s} s + {walk_s} s) lasts {total:.0f} s, "
                f"not {self.duration_s:.0f} s"
            )

    def describe(self, units: Units) -> str:
        if self.intervals is not None:
            run_s, walk_s, reps = self.intervals
            text = (
                f"walk-run: {reps} × ({format_duration(run_s)} easy running + "
                f"{format_duration(walk_s)} walking)"
            )
        else:
            label = {
                "easy": "easy run",
                "long": "long run (easy pace)",
                "hard": "hard session",
                "hills": "hill session (short uphill repeats)",
                "planned": "your planned run",
                "walk_run": "walk-run",
            }[self.kind]
            parts = [label]
            if self.duration_s is not None:
                parts.append(format_duration(self.duration_s))
            if self.distance_m is not None:
                parts.append(format_distance(self.distance_m, units))
            text = ", ".join(parts)
        if self.max_distance_m is not None:
            text += f" (no longer than {format_distance(self.max_distance_m, units)})"
        return text

    def to_json(self, units: Units) -> dict[str, object]:
        return {
            "kind": self.kind,
            "duration_s": self.duration_s,
            "distance_m": self.distance_m,
            "intervals": list(self.intervals) if self.intervals else None,
            "max_distance_m": self.max_distance_m,
            "description": self.describe(units),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Session:
    on: date
    kind: SessionKind
    title: str
    exercises: tuple[Prescription, ...] = ()
    run: RunPrescription | None = None
    notes: tuple[str, ...] = ()

    def to_json(self, units: Units) -> dict[str, object]:
        return {
            "date": self.on.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "exercises": [p.to_json() for p in self.exercises],
            "run": self.run.to_json(units) if self.run else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """Seven days of sessions from ``week_start``; ``mode`` is recovery, prevention or paused
    (a red flag or a see-a-clinician decision stops the program)."""

    week_start: date
    mode: Literal["recovery", "prevention", "paused"]
    phase: int | None
    sessions: tuple[Session, ...]
    notes: tuple[str, ...] = ()
    rule_ids: tuple[str, ...] = field(default_factory=tuple)

    def on(self, day: date) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.on == day)

    def to_json(self, units: Units) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "mode": self.mode,
            "phase": self.phase,
            "sessions": [s.to_json(units) for s in self.sessions],
            "notes": list(self.notes),
            "rule_ids": list(self.rule_ids),
        }


@dataclass(frozen=True, slots=True)
class RunningWeek:
    """The runner's usual week: weekday (0 = Monday) → kind of run."""

    days: tuple[tuple[int, RunKind], ...] = ()

    def kind_on(self, day: date) -> RunKind | None:
        for weekday, kind in self.days:
            if weekday == day.weekday():
                return kind
        return None

    def before_long_or_hard(self, day: date) -> bool:
        """True when the next day holds a long run or a hard session."""
        return self.kind_on(day + timedelta(days=1)) in ("long", "hard")

    def to_json(self) -> dict[str, str]:
        return {WEEKDAYS[d]: kind for d, kind in self.days}

    @classmethod
    def parse(cls, run_days: str, long_day: str | None = None, hard_days: str = "") -> RunningWeek:
        """``"mon,wed,sat"``, long ``"sat"``, hard ``"wed"`` → a running week; raises InvalidInput."""

        def index(name: str) -> int:
            key = name.strip().lower()[:3]
            if key not in WEEKDAYS:
                raise InvalidInput(f"{name!r} is not a weekday (mon, tue, … sun)")
            return WEEKDAYS.index(key)

        days: dict[int, RunKind] = {index(d): "easy" for d in run_days.split(",") if d.strip()}
        for name in hard_days.split(","):
            if name.strip():
                days[index(name)] = "hard"
        if long_day:
            days[index(long_day)] = "long"
        return cls(tuple(sorted(days.items())))


def week_days(week_start: date) -> tuple[date, ...]:
    return tuple(week_start + timedelta(days=i) for i in range(7))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def spread_days(
    candidates: Sequence[date], count: int, prefer: Sequence[date] = ()
) -> tuple[date, ...]:
    """Pick ``count`` days from ``candidates``: no two on consecutive days if possible, then the most
    days from ``prefer``, then the widest spacing, then the earliest. Fewer candidates → all."""
    pool = sorted(set(candidates))
    if len(pool) <= count:
        return tuple(pool)
    preferred = set(prefer)

    def score(combo: tuple[date, ...]) -> tuple[int, int, int, tuple[int, ...]]:
        gap = min(((b - a).days for a, b in pairwise(combo)), default=7)
        return (
            min(gap, 2),
            sum(d in preferred for d in combo),
            gap,
            tuple(-d.toordinal() for d in combo),
        )

    return max(combinations(pool, count), key=score)
