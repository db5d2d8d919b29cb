"""The daily check-in: how each Achilles felt, per side and date, validated before anything reads it.

A check-in is made in the morning. It records the first steps of *this* morning (pain, stiffness)
and the last run since the previous check-in (whether it happened, pain during it and after it),
so that the pain-monitoring model can pair a run with "the next morning" inside one record
(Silbernagel et al. 2007). Pain is a 0–10 numeric rating scale, integers.

The yes/no items are the symptoms and red flags of the article and the 2018 clinical practice
guideline (Martin et al. 2018; Maffulli 1998 for the rupture signs; US FDA 2008 for
fluoroquinolones). A missing yes/no answer stays ``None`` ("not
answered") and a missing pain value stays ``None`` ("not asked"): the decision treats both as
missing data, never as "no" or zero (an unanswered red-flag question can hide a rupture).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Literal

from achillescare.domain.activity.plausibility import EARLIEST_CHECKIN

Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")

PainLocation = Literal["mid_tendon", "insertion", "calf"]
LOCATIONS: tuple[PainLocation, ...] = ("mid_tendon", "insertion", "calf")

PAIN_FIELDS: tuple[str, ...] = ("pain_during_run", "pain_after_run", "morning_pain")
"""0–10 numeric rating scale items, integers; ``None`` = not asked."""

FLAG_FIELDS: tuple[str, ...] = (
    "tenderness",
    "swelling",
    "thickening",
    "redness_warmth",
    "pain_on_hopping",
    "pain_built_during_run",
    "pain_at_rest",
    "night_pain",
    "sudden_pop",
    "cannot_heel_raise",
    "limping",
    "fever_unwell",
    "numbness_tingling",
    "fluoroquinolone",
    "corticosteroid",
)
"""The yes/no items, in the order the check-in asks them."""

RUN_FLAGS: tuple[str, ...] = ("pain_built_during_run",)
"""The yes/no items about the last run: asked with the run's pain, only when the runner ran."""

RED_FLAG_ITEMS: tuple[str, ...] = (
    "sudden_pop",
    "cannot_heel_raise",
    "pain_at_rest",
    "night_pain",
    "redness_warmth",
    "fever_unwell",
    "numbness_tingling",
    "limping",
    "fluoroquinolone",
    "corticosteroid",
    "pain_built_during_run",
)
"""The yes/no items that feed a red flag: each must be answered every day (``None`` is not
"no"). ``pain_built_during_run`` only when the runner ran."""

FLAG_QUESTIONS: dict[str, str] = {
    "tenderness": "Is the tendon tender to touch?",
    "swelling": "Is it swollen?",
    "thickening": "Does the tendon feel thickened?",
    "redness_warmth": "Is it red or warm?",
    "pain_on_hopping": "Does hopping or jumping on that leg hurt?",
    "pain_built_during_run": "Did the pain build up during the run instead of easing?",
    "pain_at_rest": "Does it hurt at rest?",
    "night_pain": "Does it hurt at night or wake you?",
    "sudden_pop": "A sudden pop or snap, or a feeling of being kicked at the back of the heel?",
    "cannot_heel_raise": "Unable to do a single-leg heel raise (rise onto tiptoe) on that leg?",
    "limping": "Are you limping, or has your running form changed?",
    "fever_unwell": "Fever or feeling unwell?",
    "numbness_tingling": "Numbness, tingling or burning in the foot or calf?",
    "fluoroquinolone": "Fluoroquinolone antibiotic (e.g. ciprofloxacin) in the last 6 months?",
    "corticosteroid": "Corticosteroid injection near the tendon, or steroid tablets, in the last "
    "3 months?",
}

FLAG_LABELS: dict[str, str] = {
    "tenderness": "tender to touch",
    "swelling": "swelling",
    "thickening": "thickening",
    "redness_warmth": "redness or warmth",
    "pain_on_hopping": "pain on hopping",
    "pain_built_during_run": "pain building during the run",
    "pain_at_rest": "pain at rest",
    "night_pain": "night pain",
    "sudden_pop": "a sudden pop or snap",
    "cannot_heel_raise": "unable to heel raise",
    "limping": "limping",
    "fever_unwell": "fever or feeling unwell",
    "numbness_tingling": "numbness or tingling",
    "fluoroquinolone": "fluoroquinolone antibiotic",
    "corticosteroid": "corticosteroid",
}
"""A few words for each yes/no item, for sentences that list them (e.g. the unanswered ones)."""

MAX_STIFFNESS_MIN = 24 * 60
MAX_NOTES_CHARS = 2000


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One side's check-in for one date (one per runner, side and date).

    ``ran``: whether the runner ran since the previous check-in; ``pain_during_run`` and
    ``pain_after_run`` describe that run. ``morning_pain``/``morning_stiffness_min``: first steps
    this morning. ``session_rpe`` (Borg CR-10, 0–10), ``sleep_hours`` and ``fatigue`` (0–10) are
    optional context, not decision inputs.
    """

    date: date
    side: Side
    ran: bool | None = None
    pain_during_run: int | None = None
    pain_after_run: int | None = None
    morning_pain: int | None = None
    morning_stiffness_min: int | None = None
    location: PainLocation | None = None
    tenderness: bool | None = None
    swelling: bool | None = None
    thickening: bool | None = None
    redness_warmth: bool | None = None
    pain_on_hopping: bool | None = None
    pain_built_during_run: bool | None = None
    pain_at_rest: bool | None = None
    night_pain: bool | None = None
    sudden_pop: bool | None = None
    cannot_heel_raise: bool | None = None
    limping: bool | None = None
    fever_unwell: bool | None = None
    numbness_tingling: bool | None = None
    fluoroquinolone: bool | None = None
    corticosteroid: bool | None = None
    session_rpe: int | None = None
    sleep_hours: float | None = None
    fatigue: int | None = None
    notes: str | None = None

    @property
    def did_run(self) -> bool:
        """True when the check-in reports a run (explicitly, or by giving run pain values)."""
        if self.ran is not None:
            return self.ran
        return (
            self.pain_during_run is not None
            or self.pain_after_run is not None
            or self.pain_built_during_run is True
        )

    def pains(self) -> dict[str, int]:
        """The pain values that were answered, by field name."""
        return {name: v for name in PAIN_FIELDS if (v := getattr(self, name)) is not None}

    def max_pain(self) -> int | None:
        """The highest answered pain value, or None when no pain item was answered."""
        values = list(self.pains().values())
        return max(values) if values else None

    def flags(self) -> tuple[str, ...]:
        """The yes/no items answered yes."""
        return tuple(name for name in FLAG_FIELDS if getattr(self, name))

    def unanswered_red_flags(self) -> tuple[str, ...]:
        """The red-flag items (:data:`RED_FLAG_ITEMS`) left unanswered (``None``); the run item
        only when the check-in reports a run."""
        return tuple(
            name
            for name in RED_FLAG_ITEMS
            if getattr(self, name) is None and (name not in RUN_FLAGS or self.did_run)
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON shape (the ``decide --json`` check-in object, plus the optional items)."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out


CHECKIN_FIELDS: frozenset[str] = frozenset(f.name for f in fields(CheckIn))


def _int_in(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be from {low} to {high}, not {number}")
    return number


def validate_checkin(checkin: CheckIn, today: date) -> CheckIn:
    """Check ranges, the date and consistency; return the check-in unchanged or raise ValueError.

    ``today`` is the runner's local date: a check-in may not be dated after it, nor before
    :data:`~achillescare.domain.activity.plausibility.EARLIEST_CHECKIN`.
    """
    if checkin.date > today:
        raise ValueError(f"the check-in date {checkin.date} is in the future (today is {today})")
    if checkin.date < EARLIEST_CHECKIN:
        raise ValueError(
            f"the check-in date {checkin.date} is before {EARLIEST_CHECKIN.year}: check the year"
        )
    if checkin.side not in SIDES:
        raise ValueError(f"side must be 'left' or 'right', not {checkin.side!r}")
    if checkin.location is not None and checkin.location not in LOCATIONS:
        raise ValueError(
            f"location must be one of {', '.join(LOCATIONS)}, not {checkin.location!r}"
        )
    for name in PAIN_FIELDS:
        value = getattr(checkin, name)
        if value is not None:
            _int_in(name, value, 0, 10)
    if checkin.morning_stiffness_min is not None:
        _int_in("morning_stiffness_min", checkin.morning_stiffness_min, 0, MAX_STIFFNESS_MIN)
    for name in ("session_rpe", "fatigue"):
        value = getattr(checkin, name)
        if value is not None:
            _int_in(name, value, 0, 10)
    if checkin.sleep_hours is not None and not (
        math.isfinite(checkin.sleep_hours) and 0 <= checkin.sleep_hours <= 24
    ):
        raise ValueError(f"sleep_hours must be from 0 to 24, not {checkin.sleep_hours}")
    if checkin.ran is False and (
        checkin.pain_during_run is not None or checkin.pain_after_run is not None
    ):
        raise ValueError("pain during or after a run was given, but ran is false")
    if checkin.ran is False and checkin.pain_built_during_run:
        raise ValueError("pain built up during a run was reported, but ran is false")
    if checkin.notes is not None and len(checkin.notes) > MAX_NOTES_CHARS:
        raise ValueError(f"notes are limited to {MAX_NOTES_CHARS} characters")
    return checkin


def parse_date(name: str, value: object) -> date:
    """``YYYY-MM-DD`` as a date, or ValueError naming the field."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date written YYYY-MM-DD, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def checkin_from_dict(data: Mapping[str, object], today: date, where: str = "check-in") -> CheckIn:
    """Build and validate a check-in from a JSON object; unknown fields are refused.

    Every field but ``date`` and ``side`` may be missing or null; a missing or null yes/no item
    stays ``None`` ("not answered"), never "no". ``where`` prefixes error messages (e.g. ``checkins[2]``).
    """
    unknown = sorted(set(data) - CHECKIN_FIELDS)
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}")
    try:
        if "date" not in data:
            raise ValueError("date is required")
        values: dict[str, object] = {"date": parse_date("date", data["date"])}
        side = data.get("side")
        if side not in SIDES:
            raise ValueError(f"side must be 'left' or 'right', not {side!r}")
        values["side"] = side
        ran = data.get("ran")
        if ran is not None and not isinstance(ran, bool):
            raise ValueError(f"ran must be true, false or null, not {ran!r}")
        values["ran"] = ran
        for name in (*PAIN_FIELDS, "session_rpe", "fatigue"):
            if data.get(name) is not None:
                values[name] = _int_in(name, data[name], 0, 10)
        if data.get("morning_stiffness_min") is not None:
            values["morning_stiffness_min"] = _int_in(
                "morning_stiffness_min", data["morning_stiffness_min"], 0, MAX_STIFFNESS_MIN
            )
        for name in FLAG_FIELDS:
            flag = data.get(name)
            if flag is not None and not isinstance(flag, bool):
                raise ValueError(f"{name} must be true, false or null, not {flag!r}")
            values[name] = flag
        location = data.get("location")
        if location is not None and location not in LOCATIONS:
            raise ValueError(f"location must be one of {', '.join(LOCATIONS)}, not {location!r}")
        values["location"] = location
        sleep = data.get("sleep_hours")
        if sleep is not None:
            if isinstance(sleep, bool) or not isinstance(sleep, int | float):
                raise ValueError(f"sleep_hours must be a number, not {sleep!r}")
            values["sleep_hours"] = float(sleep)
        notes = data.get("notes")
        if notes is not None and not isinstance(notes, str):
            raise ValueError(f"notes must be text, not {notes!r}")
        values["notes"] = notes
        checkin = CheckIn(**values)  # type: ignore[arg-type]
        return validate_checkin(checkin, today)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None


def side_of(value: str) -> Side:
    """A side name as :data:`Side`, or ValueError."""
    for side in SIDES:
        if side == value:
            return side
    raise ValueError(f"side must be 'left' or 'right', not {value!r}")


@dataclass(frozen=True, slots=True)
class CheckInRevision:
    """One stored version of a check-in: ``revision`` 1 is the first answer, each edit adds one;
    ``recorded_at`` is when that version was saved (timezone-aware UTC)."""

    revision: int
    recorded_at: datetime
    checkin: CheckIn
