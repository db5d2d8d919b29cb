"""Rendering a page: the template, the signed-in user and the view model under ``view``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from achillescare.web.auth import optional_user
from achillescare.web.form_errors import NO_ERRORS
from achillescare.web.state import state_of


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    templates = state_of(request).templates
    context.setdefault("user", optional_user(request))
    context.setdefault("form_errors", NO_ERRORS)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def is_htmx(request: Request) -> bool:
    """htmx asks for a fragment (``HX-Request``); without JavaScript the whole page comes back."""
    return request.headers.get("hx-request") == "true"


def one_line(error: Exception) -> str:
    """What a page says when an answer is refused: one line, never pydantic's "1 validation
    error for X" header (a :class:`ValidationError` is also a ``ValueError``, and its ``str()``
    starts with that header); see :func:`validation_sentence`."""
    if isinstance(error, ValidationError):
        return validation_sentence(error)
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__


_PYDANTIC_LEADS = ("Value error, ", "Assertion failed, ")
"""What pydantic puts before the message of a validator's own ``ValueError``/``assert``."""


def validation_sentence(error: ValidationError) -> str:
    """The first refused answer as one plain line naming the field: "item 3: Field required",
    "run days: String should match pattern …", "phase: phase is 1–4". The questionnaire fields
    ``q1``… read as items; pydantic's "Value error, " lead-in is dropped."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    name = f"item {field[1:]}" if field[:1] == "q" and field[1:].isdecimal() else field
    message = str(first["msg"])
    for lead in _PYDANTIC_LEADS:
        message = message.removeprefix(lead)
    return f"{name.replace('_', ' ')}: {message}" if name else message
