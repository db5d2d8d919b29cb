"""Path parameters the pages and the JSON API share: ids as the URL gives them, bounded.

Kept apart from both so that neither imports the other (an import-linter contract in
``pyproject.toml`` holds pages and API independent).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

_MAX_ID = 2**31 - 1
"""Ids are 32-bit in PostgreSQL; a larger one can name nothing, so it is refused (422)."""

RunnerId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A runner profile's id.")]
ActivityId = Annotated[
    int, Path(ge=1, le=_MAX_ID, description="An activity's id, as the list gives it.")
]
ShareId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A share's id.")]
ShoeId = Annotated[int, Path(ge=1, le=_MAX_ID, description="A shoe's id, as listed.")]
ImportJobId = Annotated[
    int, Path(ge=1, le=_MAX_ID, description="A background import's id, as its upload gave it.")
]
