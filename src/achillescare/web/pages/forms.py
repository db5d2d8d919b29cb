"""Reading a posted form on the event loop, so that the handler using it can be a plain ``def``.

Starlette parses a form body asynchronously (``await request.form()``), which tempted handlers
that read free-form fields into ``async def`` — where every store call then stalls the event
loop that serves all other requests. Instead the handler declares ``form: PostedForm``: FastAPI
awaits this dependency on the loop, then runs the plain-``def`` handler, store work and all, in
its thread pool. ``tests/web/test_event_loop.py`` keeps it that way.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData


async def posted_form(request: Request) -> FormData:
    """The request's form fields (parsed once; Starlette keeps it for the rest of the request)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
