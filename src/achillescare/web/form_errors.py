"""A refused form, shown again with every answer kept and each refused answer named beside it.

One mechanism for every form of the web app (the check-in, the questionnaires, the settings, the
plan, the self-tests, the specialist's program form). A handler that catches a refusal builds a
:class:`FormErrors` from it and the posted fields; ``base.html`` then titles the page
"Error: …" and puts the error summary (``_error_summary.html``) first in the page, focused, each
line a link to its answer; the form's templates re-check what was posted
(:meth:`FormErrors.value`, :meth:`FormErrors.checked`) and mark the named answer
(``aria-invalid`` and ``aria-describedby`` pointing at the sentence beside it, the macros of
``_field_error.html``). This is the GOV.UK Design System's error summary and error message
pattern, and WCAG 2.2 success criteria 3.3.1 (error identification) and 3.3.3 (error
suggestion).

Refusals come in two kinds, and neither is parsed from its message:

- :class:`~achillescare.errors.InvalidInput` from the domain carries the refused answer's name
  in ``field``; its message is already one sentence for the user;
- a pydantic :class:`~pydantic.ValidationError` locates each refused answer (``loc``) and says
  what kind of refusal it is (``type``, with its limits in ``ctx``); :func:`plain_message`
  words it, so that no "8 validation errors for VisaAIn" header ever reaches a page.

Each form says how its answers are named on the page with a :data:`FieldNames` table: the
answer's name in the refusal → the id of the control (or fieldset) and the words a person
reads for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError
from starlette.datastructures import FormData

from achillescare.errors import InvalidInput

__all__ = [
    "NO_ERRORS",
    "FieldError",
    "FieldName",
    "FieldNames",
    "FormErrors",
    "Refusal",
    "plain_message",
]


class FieldName(NamedTuple):
    """How one answer is named on its page: the id of its control (a fieldset's id for a group
    of radio buttons) and the words a person reads for it ("Item 3", "Reason")."""

    field_id: str
    words: str


FieldNames = Mapping[str, FieldName]
"""A form's answers, keyed by the name a refusal gives them (a pydantic field, the domain's
``InvalidInput.field``)."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused answer: where it is in the page and the sentence that says what is wrong."""

    field_id: str
    sentence: str

    @property
    def message_id(self) -> str:
        """The id of the sentence shown beside the answer (its ``aria-describedby``)."""
        return f"{self.field_id}-error"


@dataclass(frozen=True, slots=True)
class FormErrors:
    """What was refused in one posted form, and everything that was posted with it.

    ``form`` names the form when a page holds several (the questionnaires page); an empty
    :class:`FormErrors` (:data:`NO_ERRORS`) is false and keeps nothing, so templates use it
    unconditionally and show the stored or default answers."""

    errors: tuple[FieldError, ...] = ()
    posted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    form: str = ""

    def __bool__(self) -> bool:
        return bool(self.errors)

    def of(self, form: str) -> FormErrors:
        """These errors if they are ``form``'s, else none (the page's other forms stay as
        they were)."""
        return self if self.form == form else NO_ERRORS

    def on(self, field_id: str) -> FieldError | None:
        """The error of the answer whose control is ``field_id``, if it was refused."""
        return next((e for e in self.errors if e.field_id == field_id), None)

    def value(self, name: str, default: object = "") -> str:
        """What was posted as ``name`` (blank if it was left blank); ``default`` (the stored
        answer) when nothing was refused."""
        if not self:
            return "" if default is None else str(default)
        values = self.posted.get(name, ())
        return values[0] if values else ""

    def checked(self, name: str, value: object, default: bool = False) -> bool:
        """Whether the radio button or box ``name`` = ``value`` was ticked in the posted form;
        ``default`` when nothing was refused."""
        if not self:
            return default
        return str(value) in self.posted.get(name, ())

    @classmethod
    def refused(
        cls,
        error: InvalidInput | ValidationError,
        posted: FormData | Mapping[str, str],
        names: FieldNames,
        *,
        form: str = "",
        fallback_id: str,
    ) -> FormErrors:
        """The errors of a refused form. An answer the table does not name links to
        ``fallback_id`` (the form itself)."""
        if isinstance(error, ValidationError):
            errors = tuple(_pydantic_errors(error, names, fallback_id))
        else:
            named = names.get(error.field or "")
            sentence = _sentence(str(error).splitlines()[0])
            errors = (FieldError(named.field_id if named else fallback_id, sentence),)
        return cls(errors, _posted(posted), form)

    @classmethod
    def refused_by(
        cls,
        posted: FormData | Mapping[str, str],
        names: FieldNames,
        *,
        form: str = "",
        fallback_id: str,
    ) -> Refusal:
        """:meth:`refused` for this posted form, waiting for the error (for a handler that
        shares one try/except between forms)."""
        return lambda error: cls.refused(error, posted, names, form=form, fallback_id=fallback_id)


Refusal = Callable[[InvalidInput | ValidationError], FormErrors]
"""A form's :meth:`FormErrors.refused`, given the error."""

NO_ERRORS = FormErrors()
"""Nothing refused: what every page renders with until a form is refused."""


def _posted(posted: FormData | Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    if isinstance(posted, FormData):
        return {
            key: tuple(v for v in posted.getlist(key) if isinstance(v, str))
            for key in posted.keys()  # noqa: SIM118  (FormData iterates keys with repeats)
        }
    return {key: (value,) for key, value in posted.items()}


def _sentence(text: str) -> str:
    """A message as a sentence: capital first letter, closing full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ")")) else f"{text}."


def _pydantic_errors(
    error: ValidationError, names: FieldNames, fallback_id: str
) -> Iterable[FieldError]:
    """One sentence per refused answer, in the form's order of the refusal; an answer refused
    twice (pydantic may report a union's branches) is named once."""
    seen: set[str] = set()
    for detail in error.errors():
        key = str(detail["loc"][0]) if detail["loc"] else ""
        if key in seen:
            continue
        seen.add(key)
        named = names.get(key)
        words = named.words if named else key.replace("_", " ")
        message = plain_message(detail["type"], str(detail["msg"]), detail.get("ctx") or {})
        yield FieldError(named.field_id if named else fallback_id, _sentence(f"{words}: {message}"))


_LEADS = ("Value error, ", "Assertion failed, ")
"""What pydantic puts before the message of a validator's own ``ValueError``/``assert``."""


def plain_message(kind: str, message: str, ctx: Mapping[str, Any]) -> str:
    """pydantic's refusal of one answer in plain words: the usual kinds are reworded ("answer
    this question", "a whole number", "at least 3 characters"); a validator's own message (the
    domain's words) is kept without pydantic's lead-in."""
    limit = next(
        (ctx[k] for k in ("ge", "gt", "le", "lt", "min_length", "max_length") if k in ctx), None
    )
    words = {
        "missing": "answer this question",
        "int_parsing": "write a whole number",
        "int_from_float": "write a whole number",
        "float_parsing": "write a number",
        "literal_error": "choose one of the answers",
        "enum": "choose one of the answers",
        "greater_than_equal": f"the smallest answer is {limit}",
        "greater_than": f"write more than {limit}",
        "less_than_equal": f"the largest answer is {limit}",
        "less_than": f"write less than {limit}",
        "string_too_short": f"write at least {limit} characters",
        "string_too_long": f"write at most {limit} characters",
        "too_short": "answer this question",
    }
    if kind in words:
        return words[kind]
    for lead in _LEADS:
        message = message.removeprefix(lead)
    return message
