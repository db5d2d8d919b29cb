"""Rendering a page: the template, the signed-in user and the view model under ``view``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from achillescare.web.auth import optional_user


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("user", optional_user(request))
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def is_htmx(request: Request) -> bool:
    """htmx asks for a fragment (``HX-Request``); without JavaScript the whole page comes back."""
    return request.headers.get("hx-request") == "true"
