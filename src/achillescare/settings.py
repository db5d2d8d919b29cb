"""Settings read from the environment: each is read here and nowhere else.

``ACHILLES_DB``
    The store when none is named (``--db`` on the command line, ``open_store(target)`` in
    Python): a file path (SQLite) or a database URL (``postgresql://…``). Unset or empty: the
    default file in the user's data directory.
"""

from __future__ import annotations

import os

STORE_VARIABLE = "ACHILLES_DB"


def store_target() -> str | None:
    """The store named by ``ACHILLES_DB``, or None when it is unset or empty."""
    return os.environ.get(STORE_VARIABLE) or None
