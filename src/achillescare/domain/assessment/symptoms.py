"""The daily check-in: how each Achilles felt, per side and date, validated before anything reads it.

A check-in is made in the morning. It records the first steps of *this* morning (pain, stiffness)
and the last run since the previous check-in (whether it happened, pain during it and after it),
so that the pain-monitoring model can pair a run with "the next morning" inside one record
(Silbernagel et al. 2007). Pain is a 0–10 numeric rating scale, integers.

The fields are declared once in :mod:`~achillescare.domain.assessment.checkin_fields`; the
yes/no items are the symptoms and red flags of the article and the 2018 clinical practice
guideline (Martin et al. 2018; Maffulli 1998 for the rupture signs; US FDA 2008 for
fluoroquinolones). A missing yes/no answer stays ``None`` ("not answered") and a missing pain
value stays ``None`` ("not asked"): the decision treats both as missing data, never as "no" or
zero (an unanswered red-flag question can hide a rupture).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime

from achillescare.domain.activity.plausibility import EARLIEST_CHECKIN
from achillescare.domain.assessment.checkin_fields import (
    FIELDS,
    FLAG_FIELDS,
    FLAG_LABELS,
    FLAG_QUESTIONS,
    LOCATIONS,
    MAX_NOTES_CHARS,
    MAX_STIFFNESS_MIN,
    PAIN_FIELDS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    SIDES,
    SPECS,
    CheckIn,
    PainLocation,
    Side,
    check_answer,
)
from achillescare.errors import InvalidInput

__all__ = [
    "FLAG_FIELDS",
    "FLAG_LABELS",
    "FLAG_QUESTIONS",
    "LOCATIONS",
    "MAX_NOTES_CHARS",
    "MAX_STIFFNESS_MIN",
    "PAIN_FIELDS",
    "RED_FLAG_ITEMS",
    "RUN_FLAGS",
    "SIDES",
    "CheckIn",
    "CheckInRevision",
    "PainLocation",
    "Side",
    "checkin_from_dict",
    "parse_date",
    "side_of",
    "validate_checkin",
]


CHECKIN_FIELDS: frozenset[str] = frozenset(f.name for f in fields(CheckIn))


def _consistent(checkin: CheckIn) -> CheckIn:
    """The rules between fields: a run's answers need a run."""
    if checkin.ran is not False:
        return checkin
    for name in ("pain_during_run", "pain_after_run"):
        if getattr(checkin, name) is not None:
            raise InvalidInput(
                f"{SPECS[name].label} was given, but the answer to “did you run” is no",
                field=name,
            )
    if checkin.pain_built_during_run:
        raise InvalidInput(
            "pain building up during the run was reported, but the answer to “did you run” is no",
            field="pain_built_during_run",
        )
    return checkin


def _check_key(day: date, side: object, today: date) -> Side:
    if day > today:
        raise InvalidInput(
            f"the check-in date {day} is in the future (today is {today})", field="date"
        )
    if day < EARLIEST_CHECKIN:
        raise InvalidInput(
            f"the check-in date {day} is before {EARLIEST_CHECKIN.year}: check the year",
            field="date",
        )
    if not isinstance(side, str):
        raise InvalidInput(f"side must be 'left' or 'right', not {side!r}", field="side")
    return side_of(side)


def validate_checkin(checkin: CheckIn, today: date) -> CheckIn:
    """Check the date, every field against its spec (:data:`.checkin_fields.FIELDS`) and the
    rules between fields; return the check-in unchanged or raise ValueError.

    ``today`` is the runner's local date: a check-in may not be dated after it, nor before
    :data:`~achillescare.domain.activity.plausibility.EARLIEST_CHECKIN`.
    """
    _check_key(checkin.date, checkin.side, today)
    for spec in FIELDS:
        check_answer(spec, getattr(checkin, spec.name))
    return _consistent(checkin)


def parse_date(name: str, value: object) -> date:
    """``YYYY-MM-DD`` as a date, or ValueError naming the field."""
    wrong = InvalidInput(f"{name} must be a date written YYYY-MM-DD, not {value!r}", field=name)
    if not isinstance(value, str):
        raise wrong
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise wrong from None


def checkin_from_dict(data: Mapping[str, object], today: date, where: str = "check-in") -> CheckIn:
    """Build and validate a check-in from a JSON object; unknown fields are refused.

    The one validation of a check-in, whatever it came from (``decide --json``, the CLI, the web
    form and API, a stored row): every field is checked against its spec. Every field but
    ``date`` and ``side`` may be missing or null; a missing or null yes/no item stays ``None``
    ("not answered"), never "no". ``where`` prefixes error messages (e.g. ``checkins[2]``).
    """
    unknown = sorted(set(data) - CHECKIN_FIELDS)
    if unknown:
        raise InvalidInput(f"{where}: unknown field(s) {', '.join(unknown)}")
    try:
        if "date" not in data:
            raise InvalidInput("date is required", field="date")
        day = parse_date("date", data["date"])
        side = _check_key(day, data.get("side"), today)
        values = {spec.name: check_answer(spec, data.get(spec.name)) for spec in FIELDS}
        return _consistent(CheckIn(day, side, **values))  # type: ignore[arg-type]
    except ValueError as error:
        raise InvalidInput(f"{where}: {error}", field=getattr(error, "field", None)) from None


def side_of(value: str) -> Side:
    """A side name as :data:`Side`, or ValueError."""
    for side in SIDES:
        if side == value:
            return side
    raise InvalidInput(f"side must be 'left' or 'right', not {value!r}", field="side")


@dataclass(frozen=True, slots=True)
class CheckInRevision:
    """One stored version of a check-in: ``revision`` 1 is the first answer, each edit adds one;
    ``recorded_at`` is when that version was saved (timezone-aware UTC)."""

    revision: int
    recorded_at: datetime
    checkin: CheckIn
