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
- the CLI's interactive prompts and the help of its options (a test fails when a field has no
  option or prompt).

To add a field:

1. add its spec to :data:`FIELDS` here, and its typed attribute on
   :class:`~achillescare.domain.assessment.symptoms.CheckIn`;
2. add its column to ``CheckInRow`` and write the Alembic migration that adds it;
3. unless it is a yes/no item (answered with ``--yes``/``--no``), give it an option in
   ``cli/checkin.py`` (``OPTIONS`` and the command's parameters).

The validation, the web form, the API's model, the prompts and the JSON contract follow by
themselves; ``tests/web/test_checkin_fields.py`` fails, naming the field, wherever a new field
does not reach.

The red-flag items are those of the 2018 clinical practice guideline for Achilles pain
(Martin et al. 2018, JOSPT 48(5):A1–A38; Maffulli 1998 for the rupture signs; US FDA 2008 for
fluoroquinolones) and of the pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med
35(6):897–906).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from achillescare.errors import InvalidInput

Kind = Literal["scale", "minutes", "yes_no", "choice", "hours", "text"]
"""What an answer is: a whole number on a 0–10 scale; whole minutes; yes, no or unanswered;
one of a few values; hours (decimals allowed); free text."""

Section = Literal["morning", "run", "leg", "context"]
"""Where the question sits: this morning's first steps, the last run, the leg (symptoms and
history), or context about the day (asked once, the same for both legs)."""

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
    once for both legs. ``pain``: a pain rating the decision reads.
    """

    name: str
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

    @property
    def red_flag(self) -> bool:
        """Whether this yes/no item feeds a red flag (it must be answered every day)."""
        return self.red_flag_rank is not None

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice."""
        return tuple(value for value, _ in self.choices)


def _pain(name: str, section: Section, question: str, label: str, *, if_ran: bool) -> FieldSpec:
    return FieldSpec(
        name, "scale", section, question, label, "0 = none, 10 = worst imaginable", "0–10",
        0, 10, if_ran=if_ran, pain=True,
    )  # fmt: skip


def _item(
    name: str, question: str, label: str, red_flag_rank: int | None = None, *, if_ran: bool = False
) -> FieldSpec:
    """A yes/no item; one about the last run sits with the run's questions."""
    section: Section = "run" if if_ran else "leg"
    return FieldSpec(
        name, "yes_no", section, question, label, item=True, red_flag_rank=red_flag_rank,
        if_ran=if_ran,
    )  # fmt: skip


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("ran", "yes_no", "run", "Did you run since your last check-in?", "ran"),
    _pain("pain_during_run", "run", "Pain during the run", "pain during the run", if_ran=True),
    _pain("pain_after_run", "run", "Pain after the run", "pain after the run", if_ran=True),
    _pain(
        "morning_pain", "morning", "Pain on your first steps this morning", "morning pain",
        if_ran=False,
    ),
    FieldSpec(
        "morning_stiffness_min", "minutes", "morning", "Morning stiffness, minutes",
        "morning stiffness", "0 if none", "min", 0, MAX_STIFFNESS_MIN,
    ),
    FieldSpec(
        "location", "choice", "leg", "Where is the pain?", "where it hurts",
        choices=(
            ("mid_tendon", "In the tendon, above the heel"),
            ("insertion", "Where it meets the heel bone"),
            ("calf", "In the calf"),
        ),
    ),
    _item("tenderness", "Is the tendon tender to touch?", "tender to touch"),
    _item("swelling", "Is it swollen?", "swelling"),
    _item("thickening", "Does the tendon feel thickened?", "thickening"),
    _item("redness_warmth", "Is it red or warm?", "redness or warmth", 5),
    _item("pain_on_hopping", "Does hopping or jumping on that leg hurt?", "pain on hopping"),
    _item("pain_built_during_run", "Did the pain build up during the run instead of easing?",
          "pain building during the run", 11, if_ran=True),
    _item("pain_at_rest", "Does it hurt at rest?", "pain at rest", 3),
    _item("night_pain", "Does it hurt at night or wake you?", "night pain", 4),
    _item("sudden_pop",
          "A sudden pop or snap, or a feeling of being kicked at the back of the heel?",
          "a sudden pop or snap", 1),
    _item("cannot_heel_raise",
          "Unable to do a single-leg heel raise (rise onto tiptoe) on that leg?",
          "unable to heel raise", 2),
    _item("limping", "Are you limping, or has your running form changed?", "limping", 8),
    _item("fever_unwell", "Fever or feeling unwell?", "fever or feeling unwell", 6),
    _item("numbness_tingling", "Numbness, tingling or burning in the foot or calf?",
          "numbness or tingling", 7),
    _item("fluoroquinolone",
          "Fluoroquinolone antibiotic (e.g. ciprofloxacin) in the last 6 months?",
          "fluoroquinolone antibiotic", 9),
    _item("corticosteroid",
          "Corticosteroid injection near the tendon, or steroid tablets, in the last 3 months?",
          "corticosteroid", 10),
    FieldSpec(
        "session_rpe", "scale", "context", "If you ran: how hard was it", "session RPE",
        "session RPE, Borg CR-10: 0 = rest, 10 = maximal", "0–10", 0, 10, per_side=False,
    ),
    FieldSpec(
        "sleep_hours", "hours", "context", "Hours of sleep", "sleep", unit="h", low=0, high=24,
        per_side=False,
    ),
    FieldSpec(
        "fatigue", "scale", "context", "Fatigue", "fatigue", "0 = fresh, 10 = exhausted", "0–10",
        0, 10, per_side=False,
    ),
    FieldSpec(
        "notes", "text", "context", "Notes", "notes", "free text", high=MAX_NOTES_CHARS, per_side=False
    ),
)  # fmt: skip
"""Every answer of a check-in (everything but its key, ``date`` and ``side``), in the order the
CLI asks them within a section."""

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
        return int(raw) if raw.lstrip("-").isdigit() else raw
    if spec.kind == "hours":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw if spec.kind == "choice" else text
