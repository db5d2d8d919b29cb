"""Rendering a page: the template, the signed-in user and the view model under ``view``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from achillescare.web.auth import optional_user
from achillescare.web.state import state_of


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    templates = state_of(request).templates
    context.setdefault("user", optional_user(request))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def is_htmx(request: Request) -> bool:
    """htmx asks for a fragment (``HX-Request``); without JavaScript the whole page comes back."""
    return request.headers.get("hx-request") == "true"


def one_line(error: Exception) -> str:
    """What a page says when an answer is refused: one line naming the item ("item 3: Field
    required", "phase: Input should be …"), never pydantic's "1 validation error for X" header."""
    if not isinstance(error, ValidationError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    name = f"item {field[1:]}" if field[:1] == "q" and field[1:].isdigit() else field
    return f"{name}: {first['msg']}" if name else str(first["msg"])
