"""Settings read from the environment: each is read here and nowhere else.

``ACHILLES_DB``
    The store when none is named (``--db`` on the command line, ``open_store(target)`` in
    Python): a file path (SQLite) or a database URL (``postgresql://…``). Unset or empty: the
    default file in the user's data directory.

``ACHILLES_INTERVALS_BASE_URL``
    Where intervals.icu answers (default ``https://intervals.icu``). Tests point it at a fake
    server on 127.0.0.1; nobody else needs it.
"""

from __future__ import annotations

import os

STORE_VARIABLE = "ACHILLES_DB"
INTERVALS_BASE_URL_VARIABLE = "ACHILLES_INTERVALS_BASE_URL"
INTERVALS_BASE_URL = "https://intervals.icu"


def store_target() -> str | None:
    """The store named by ``ACHILLES_DB``, or None when it is unset or empty."""
    return os.environ.get(STORE_VARIABLE) or None


def intervals_base_url() -> str:
    """The intervals.icu server ``ACHILLES_INTERVALS_BASE_URL`` names, else the real one."""
    return (os.environ.get(INTERVALS_BASE_URL_VARIABLE) or INTERVALS_BASE_URL).rstrip("/")
