"""A runner's shoes: what is known of each pair, which pair a run was in, and when to replace it.

A shoe is entered by hand or read from an export (Strava ``shoes.csv``, Garmin ``*_gear.json``).
Runs are assigned to a shoe explicitly, or at import: the gear the export names for the run
(Strava's ``Activity Gear``, matched by name), else the runner's default shoe for the sport.
Distances are SI (metres, millimetres, grams); conversion to km or miles happens at the edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from achillescare.domain.activity.records import SPORT_CHOICES, Activity, checked_sport
from achillescare.errors import InvalidInput

DEFAULT_REMINDER_M = 700_000.0
"""Replace a pair after 700 km unless the runner sets another distance (house default: the
500–800 km usually quoted by shoe makers and running shops; no study ties a distance to injury)."""
REMINDER_RANGE_M = (50_000.0, 5_000_000.0)
"""The replacement distances a runner may set: 50–5,000 km."""
MAX_NAME = 80

LIMITS: Mapping[str, tuple[float, float, str]] = {
    "drop_mm": (0.0, 30.0, "mm"),
    "stack_mm": (0.0, 80.0, "mm"),
    "weight_g": (50.0, 1500.0, "g"),
}
"""Plausible ranges of the measured fields: (lowest, highest, unit). A typo such as a drop of
100 mm is refused with the range rather than stored."""

_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]+")


def _text(value: str | None, what: str, *, required: bool = False) -> str | None:
    cleaned = " ".join(value.split()) if value is not None else ""
    if not cleaned:
        if required:
            raise InvalidInput(f"give the shoe a {what}, e.g. 'Pegasus 41 blue'")
        return None
    if len(cleaned) > MAX_NAME or not _PRINTABLE.fullmatch(cleaned):
        raise InvalidInput(f"the shoe's {what} must be 1–{MAX_NAME} printable characters")
    return cleaned


@dataclass(frozen=True, slots=True)
class Shoe:
    """One pair of shoes. ``retired_on`` set: no longer worn (kept for its history).

    ``default_sports``: new runs of these sports are put in this pair at import when the file
    names no gear. ``reminder_m``: the distance after which the runner is reminded to replace
    it. Unknown measurements are None, never 0 (a zero-drop shoe has ``drop_mm == 0``).
    Creating one checks every field and raises ValueError with a sentence for the runner.
    """

    name: str
    brand: str | None = None
    model: str | None = None
    drop_mm: float | None = None
    stack_mm: float | None = None
    weight_g: float | None = None
    first_used: date | None = None
    retired_on: date | None = None
    reminder_m: float = DEFAULT_REMINDER_M
    default_sports: tuple[str, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text(self.name, "name", required=True))
        object.__setattr__(self, "brand", _text(self.brand, "brand"))
        object.__setattr__(self, "model", _text(self.model, "model"))
        for name, (low, high, unit) in LIMITS.items():
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                label = name.removesuffix(f"_{unit}").replace("_", " ")
                raise InvalidInput(
                    f"a shoe's {label} must be {low:g}–{high:g} {unit}, not {value:g} {unit}"
                )
        low, high = REMINDER_RANGE_M
        if not low <= self.reminder_m <= high:
            raise InvalidInput(
                f"the replacement distance must be {low / 1000:g}–{high / 1000:g} km "
                f"({self.reminder_m / 1000:g} km given)"
            )
        if (
            self.first_used is not None
            and self.retired_on is not None
            and self.retired_on < self.first_used
        ):
            raise InvalidInput(
                f"a shoe cannot be retired ({self.retired_on}) before its first use "
                f"({self.first_used})"
            )
        sports = tuple(dict.fromkeys(checked_sport(s) for s in self.default_sports))
        object.__setattr__(self, "default_sports", sports)

    @property
    def retired(self) -> bool:
        return self.retired_on is not None

    @property
    def make_model(self) -> str | None:
        """``Nike Pegasus 41``, or None when neither is known."""
        return " ".join(p for p in (self.brand, self.model) if p) or None

    @property
    def label(self) -> str:
        """What the runner reads: the name, with the make and model when they say more."""
        make = self.make_model
        return self.name if make is None or make == self.name else f"{self.name} ({make})"

    def worn_on(self, day: date) -> bool:
        """True if the pair could be on the runner's feet that day (not before its first use,
        not after its retirement)."""
        started = self.first_used is None or self.first_used <= day
        return started and (self.retired_on is None or day <= self.retired_on)

    def to_json(self) -> dict[str, object]:
        """The JSON shape of ``achilles shoes list --json`` and the API (SI units)."""
        return {
            "id": self.id,
            "name": self.name,
            "brand": self.brand,
            "model": self.model,
            "drop_mm": self.drop_mm,
            "stack_mm": self.stack_mm,
            "weight_g": self.weight_g,
            "first_used": self.first_used.isoformat() if self.first_used else None,
            "retired_on": self.retired_on.isoformat() if self.retired_on else None,
            "reminder_m": self.reminder_m,
            "default_sports": list(self.default_sports),
        }


SHOE_SPORTS: tuple[str, ...] = SPORT_CHOICES
"""The sports a shoe can be the default for (the project's sport names)."""


def gear_key(text: str) -> str:
    """How gear names are compared: case and spacing ignored (``Nike  pegasus`` = ``nike
    Pegasus``)."""
    return " ".join(text.split()).casefold()


def gear_names(shoe: Shoe) -> set[str]:
    """Every name an export may give this pair. Strava's ``Activity Gear`` reads
    ``<Brand> <Model>``, or ``<Brand> <Model> <Shoe Name>`` when the shoe has a nickname (as
    public readers of real Strava exports report); a shoe entered here may be named either way."""
    names = {shoe.name}
    if shoe.make_model:
        names |= {shoe.make_model, f"{shoe.make_model} {shoe.name}"}
    return {gear_key(n) for n in names}


def match_gear(gear: str, shoes: Iterable[Shoe]) -> Shoe | None:
    """The runner's shoe an export's gear name refers to (a pair still worn wins over a retired
    one of the same name); None if no shoe has that name."""
    key = gear_key(gear)
    found = [shoe for shoe in shoes if key in gear_names(shoe)]
    found.sort(key=lambda s: (s.retired, -(s.id or 0)))
    return found[0] if found else None


def default_shoe(shoes: Iterable[Shoe], sport: str, day: date) -> Shoe | None:
    """The pair set as default for the sport that could be worn that day (the newest if two)."""
    found = [s for s in shoes if sport in s.default_sports and s.worn_on(day)]
    found.sort(key=lambda s: (s.first_used or date.min, s.id or 0))
    return found[-1] if found else None


def shoe_for_activity(shoes: Sequence[Shoe], activity: Activity) -> Shoe | None:
    """The pair an imported activity is assigned to: the gear its export names, matched by name,
    else the default shoe of its sport. Gear the runner has no shoe for assigns nothing (it may
    be a bike, or a pair not entered yet): a guess would put the distance on the wrong pair."""
    if activity.gear:
        return match_gear(activity.gear, shoes)
    return default_shoe(shoes, activity.sport, activity.start_local.date())


@dataclass(frozen=True, slots=True)
class ShoeUse:
    """One shoe with what has been done in it: distance, activities, first and last day."""

    shoe: Shoe
    distance_m: float = 0.0
    activities: int = 0
    first_day: date | None = None
    last_day: date | None = None

    @property
    def started(self) -> date | None:
        """When the pair was first worn: the date the runner gave, else its first activity."""
        return self.shoe.first_used or self.first_day

    @property
    def remaining_m(self) -> float:
        """Distance left before the replacement reminder (negative once past it)."""
        return self.shoe.reminder_m - self.distance_m

    @property
    def due(self) -> bool:
        """True once a pair still worn has reached its replacement distance (GEAR-3)."""
        return not self.shoe.retired and self.distance_m >= self.shoe.reminder_m


def shoe_use(shoes: Sequence[Shoe], activities: Iterable[Activity]) -> list[ShoeUse]:
    """Each shoe with the distance of the activities assigned to it (every sport: a walk wears a
    pair too; runs left out of the load still count, the shoe was worn). In ``shoes`` order."""
    totals: dict[int, ShoeUse] = {s.id: ShoeUse(s) for s in shoes if s.id is not None}
    for activity in activities:
        use = totals.get(activity.shoe_id) if activity.shoe_id is not None else None
        if use is None:
            continue
        day = activity.start_local.date()
        totals[use.shoe.id] = replace(  # type: ignore[index]
            use,
            distance_m=use.distance_m + activity.distance_m,
            activities=use.activities + 1,
            first_day=min(day, use.first_day) if use.first_day else day,
            last_day=max(day, use.last_day) if use.last_day else day,
        )
    return [totals[s.id] if s.id is not None else ShoeUse(s) for s in shoes]


__all__ = [
    "DEFAULT_REMINDER_M",
    "LIMITS",
    "REMINDER_RANGE_M",
    "SHOE_SPORTS",
    "Shoe",
    "ShoeUse",
    "default_shoe",
    "gear_key",
    "gear_names",
    "match_gear",
    "shoe_for_activity",
    "shoe_use",
]
