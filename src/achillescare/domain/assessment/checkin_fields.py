"""The daily check-in's fields, declared once: every adapter derives its part from :data:`FIELDS`.

Each :class:`FieldSpec` says what an answer is (a 0–10 scale, minutes, yes/no/unanswered, a
choice, hours or free text), its bounds and unit, the words people read (the question, a short
label for sentences, a hint) and its place in the check-in (this morning, the last run, the leg,
or context given once for both legs). From this list come:

- the validation, :func:`check_answer` (one value) and :func:`parse_answer` (typed text from a
  form or a prompt), which :func:`~achillescare.domain.assessment.symptoms.checkin_from_dict`
  applies to every field: the JSON contract of ``achilles decide --json``, the ``--json`` input
  of ``achilles checkin``, the web form and the API all go through it;
- the constants the rest of the code reads (:data:`FLAG_FIELDS`, :data:`RED_FLAG_ITEMS`,
  :data:`RUN_FLAGS`, :data:`PAIN_FIELDS`, :data:`FLAG_QUESTIONS`, :data:`FLAG_LABELS`);
- the web check-in form (its template loops over the specs) and the pydantic model of the API
  (built with ``pydantic.create_model``);
- the CLI's options, their help and the interactive prompts;
- the column of the check-ins table (``storage/models/symptoms.py``).

To add a field, declare it once, as a typed attribute of :class:`CheckIn` whose default is
its spec (``name: int | None = answer(FieldSpec(...))``), and write the Alembic migration that
adds its column. The validation, the web form, the API's model, the CLI's option (``--name``,
or ``--yes``/``--no`` for a yes/no item) and prompt, the table's column and the JSON contract
follow by themselves; ``tests/web/test_checkin_fields.py`` fails, naming the field, wherever a new field
does not reach.

The red-flag items are those of the 2018 clinical practice guideline for Achilles pain
(Martin et al. 2018, JOSPT 48(5):A1–A38; Maffulli 1998 for the rupture signs; US FDA 2008 for
fluoroquinolones) and of the pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med
35(6):897–906).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Literal

from achillescare.errors import InvalidInput

Kind = Literal["scale", "minutes", "yes_no", "choice", "hours", "text"]
"""What an answer is: a whole number on a 0–10 scale; whole minutes; yes, no or unanswered;
one of a few values; hours (decimals allowed); free text."""

Section = Literal["morning", "run", "leg", "context"]
"""Where the question sits: this morning's first steps, the last run, the leg (symptoms and
history), or context about the day (asked once, the same for both legs)."""

Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")

PainLocation = Literal["mid_tendon", "insertion", "calf"]
LOCATIONS: tuple[PainLocation, ...] = ("mid_tendon", "insertion", "calf")

MAX_STIFFNESS_MIN = 24 * 60
MAX_NOTES_CHARS = 2000


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One check-in field: what it holds, how it is asked and where it sits.

    ``low``/``high`` bound a number (``high`` is the character limit of text). ``choices`` pairs
    each allowed value with the words a form shows. ``item``: a yes/no symptom or history item
    (answered with ``--yes``/``--no``, listed by ``CheckIn.flags()``; not ``ran``, the question
    that decides whether the run's items apply). ``red_flag_rank``: the order of a red-flag item
    when the unanswered ones are listed (most urgent first); ``None`` for any other field.
    ``if_ran``: asked only when the runner ran. ``per_side``: ``False`` for context answered
    once for both legs. ``pain``: a pain rating the decision reads. ``name``: the
    :class:`CheckIn` attribute the spec declares (filled in by :data:`FIELDS`).
    """

    kind: Kind
    section: Section
    question: str
    label: str
    hint: str = ""
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    item: bool = False
    red_flag_rank: int | None = None
    if_ran: bool = False
    per_side: bool = True
    pain: bool = False
    name: str = ""

    @property
    def red_flag(self) -> bool:
        """Whether this yes/no item feeds a red flag (it must be answered every day)."""
        return self.red_flag_rank is not None

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice."""
        return tuple(value for value, _ in self.choices)


def _pain(section: Section, question: str, label: str, *, if_ran: bool) -> Any:
    """A 0–10 pain rating the decision reads."""
    return answer(FieldSpec(
        "scale", section, question, label, "0 = none, 10 = worst imaginable", "0–10", 0, 10,
        if_ran=if_ran, pain=True,
    ))  # fmt: skip


def _item(
    question: str, label: str, red_flag_rank: int | None = None, *, if_ran: bool = False
) -> Any:
    """A yes/no item; one about the last run sits with the run's questions."""
    section: Section = "run" if if_ran else "leg"
    return answer(FieldSpec(
        "yes_no", section, question, label, item=True, red_flag_rank=red_flag_rank, if_ran=if_ran,
    ))  # fmt: skip


def answer(spec: FieldSpec) -> Any:
    """A :class:`CheckIn` attribute declared by its spec: unanswered (``None``) by default, the
    spec kept in the dataclass field's metadata, where :data:`FIELDS` reads it."""
    return field(default=None, metadata={SPEC_KEY: spec})


SPEC_KEY = "checkin_field"


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One side's check-in for one date (one per runner, side and date): ``date`` and ``side``
    are its key, every other attribute is an answer declared with its :class:`FieldSpec`, in
    the order the CLI asks them within a section.

    ``ran``: whether the runner ran since the previous check-in; ``pain_during_run`` and
    ``pain_after_run`` describe that run. ``morning_pain``/``morning_stiffness_min``: first steps
    this morning. ``session_rpe`` (Borg CR-10, 0–10), ``sleep_hours`` and ``fatigue`` (0–10) are
    optional context, not decision inputs.
    """

    date: date
    side: Side
    ran: bool | None = answer(
        FieldSpec("yes_no", "run", "Did you run since your last check-in?", "ran")
    )
    pain_during_run: int | None = _pain(
        "run", "Pain during the run", "pain during the run", if_ran=True
    )
    pain_after_run: int | None = _pain(
        "run", "Pain after the run", "pain after the run", if_ran=True
    )
    morning_pain: int | None = _pain(
        "morning", "Pain on your first steps this morning", "morning pain", if_ran=False
    )
    morning_stiffness_min: int | None = answer(FieldSpec(
        "minutes", "morning", "Morning stiffness, minutes", "morning stiffness", "0 if none",
        "min", 0, MAX_STIFFNESS_MIN,
    ))  # fmt: skip
    location: PainLocation | None = answer(FieldSpec(  # noqa: RUF009  (a dataclass field())
        "choice", "leg", "Where is the pain?", "where it hurts",
        choices=(
            ("mid_tendon", "In the tendon, above the heel"),
            ("insertion", "Where it meets the heel bone"),
            ("calf", "In the calf"),
        ),
    ))  # fmt: skip
    tenderness: bool | None = _item("Is the tendon tender to touch?", "tender to touch")
    swelling: bool | None = _item("Is it swollen?", "swelling")
    thickening: bool | None = _item("Does the tendon feel thickened?", "thickening")
    redness_warmth: bool | None = _item("Is it red or warm?", "redness or warmth", 5)
    pain_on_hopping: bool | None = _item(
        "Does hopping or jumping on that leg hurt?", "pain on hopping"
    )
    pain_built_during_run: bool | None = _item(
        "Did the pain build up during the run instead of easing?",
        "pain building during the run", 11, if_ran=True,
    )  # fmt: skip
    pain_at_rest: bool | None = _item("Does it hurt at rest?", "pain at rest", 3)
    night_pain: bool | None = _item("Does it hurt at night or wake you?", "night pain", 4)
    sudden_pop: bool | None = _item(
        "A sudden pop or snap, or a feeling of being kicked at the back of the heel?",
        "a sudden pop or snap", 1,
    )  # fmt: skip
    cannot_heel_raise: bool | None = _item(
        "Unable to do a single-leg heel raise (rise onto tiptoe) on that leg?",
        "unable to heel raise", 2,
    )  # fmt: skip
    limping: bool | None = _item("Are you limping, or has your running form changed?", "limping", 8)
    fever_unwell: bool | None = _item("Fever or feeling unwell?", "fever or feeling unwell", 6)
    numbness_tingling: bool | None = _item(
        "Numbness, tingling or burning in the foot or calf?", "numbness or tingling", 7
    )
    fluoroquinolone: bool | None = _item(
        "Fluoroquinolone antibiotic (e.g. ciprofloxacin) in the last 6 months?",
        "fluoroquinolone antibiotic", 9,
    )  # fmt: skip
    corticosteroid: bool | None = _item(
        "Corticosteroid injection near the tendon, or steroid tablets, in the last 3 months?",
        "corticosteroid", 10,
    )  # fmt: skip
    session_rpe: int | None = answer(FieldSpec(
        "scale", "context", "If you ran: how hard was it", "session RPE",
        "session RPE, Borg CR-10: 0 = rest, 10 = maximal", "0–10", 0, 10, per_side=False,
    ))  # fmt: skip
    sleep_hours: float | None = answer(FieldSpec(
        "hours", "context", "Hours of sleep", "sleep", unit="h", low=0, high=24, per_side=False,
    ))  # fmt: skip
    fatigue: int | None = answer(FieldSpec(
        "scale", "context", "Fatigue", "fatigue", "0 = fresh, 10 = exhausted", "0–10", 0, 10,
        per_side=False,
    ))  # fmt: skip
    notes: str | None = answer(FieldSpec(
        "text", "context", "Notes", "notes", "free text", high=MAX_NOTES_CHARS, per_side=False,
    ))  # fmt: skip

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


FIELDS: tuple[FieldSpec, ...] = tuple(
    replace(f.metadata[SPEC_KEY], name=f.name) for f in fields(CheckIn) if SPEC_KEY in f.metadata
)
"""Every answer of a check-in (everything but its key, ``date`` and ``side``), in the order the
CLI asks them within a section: read from :class:`CheckIn`'s declaration."""

SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

FLAG_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.item)
"""The yes/no items, in the order the check-in asks them."""

RUN_FLAGS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.item and spec.if_ran)
"""The yes/no items about the last run: asked with the run's pain, only when the runner ran."""

RED_FLAG_ITEMS: tuple[str, ...] = tuple(
    spec.name
    for spec in sorted(
        (s for s in FIELDS if s.red_flag_rank is not None), key=lambda s: s.red_flag_rank or 0
    )
)
"""The yes/no items that feed a red flag, most urgent first: each must be answered every day
(``None`` is not "no"); ``pain_built_during_run`` only when the runner ran."""

PAIN_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.pain)
"""0–10 numeric rating scale items, integers; ``None`` = not asked."""

FLAG_QUESTIONS: dict[str, str] = {name: SPECS[name].question for name in FLAG_FIELDS}
FLAG_LABELS: dict[str, str] = {name: SPECS[name].label for name in FLAG_FIELDS}
"""A few words for each yes/no item, for sentences that list them (e.g. the unanswered ones)."""


def _whole(spec: FieldSpec, value: object) -> int:
    low, high = int(spec.low or 0), int(spec.high or 0)
    wrong = f"{spec.name} must be a whole number from {low} to {high}, not {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(wrong, field=spec.name)
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise InvalidInput(wrong, field=spec.name)
    number = int(value)
    if not low <= number <= high:
        raise InvalidInput(
            f"{spec.name} must be from {low} to {high}, not {number}", field=spec.name
        )
    return number


def check_answer(spec: FieldSpec, value: object) -> object:
    """One answer as its field holds it (``None`` = not answered), or :class:`InvalidInput` (a
    ValueError) with a plain sentence naming the field, and the field's name as its ``field``.
    Numbers must be JSON numbers, yes/no items booleans."""
    if value is None:
        return None
    if spec.kind in ("scale", "minutes"):
        return _whole(spec, value)
    if spec.kind == "yes_no":
        if not isinstance(value, bool):
            raise InvalidInput(
                f"{spec.name} must be true, false or null, not {value!r}", field=spec.name
            )
        return value
    if spec.kind == "choice":
        if value not in spec.values:
            raise InvalidInput(
                f"{spec.name} must be one of {', '.join(spec.values)}, not {value!r}",
                field=spec.name,
            )
        return value
    if spec.kind == "hours":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{spec.name} must be a number, not {value!r}", field=spec.name)
        if not (math.isfinite(value) and (spec.low or 0) <= value <= (spec.high or 0)):
            raise InvalidInput(
                f"{spec.name} must be from {spec.low:g} to {spec.high:g}, not {value}",
                field=spec.name,
            )
        return float(value)
    if not isinstance(value, str):
        raise InvalidInput(f"{spec.name} must be text, not {value!r}", field=spec.name)
    if len(value) > (spec.high or 0):
        raise InvalidInput(
            f"{spec.name} may be at most {spec.high:g} characters long", field=spec.name
        )
    return value


def parse_answer(spec: FieldSpec, text: str) -> object:
    """An answer typed as text (a web form, a prompt) as the JSON value :func:`check_answer`
    takes: blank = not answered; ``yes``/``no`` for a yes/no item; a number for a number.
    Text that is not the right kind is passed on unchanged, for :func:`check_answer` to refuse
    with the field named."""
    raw = text.strip()
    if raw == "":
        return None
    if spec.kind == "yes_no":
        return {"yes": True, "y": True, "no": False, "n": False}.get(raw.lower(), raw)
    if spec.kind in ("scale", "minutes"):
        return int(raw) if raw.lstrip("-").isdecimal() else raw  # not isdigit: int() refuses "¹"
    if spec.kind == "hours":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw if spec.kind == "choice" else text
