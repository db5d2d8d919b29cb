"""What every online-service client shares: one httpx connection pool, closed on leaving a
``with`` block."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import httpx


class HttpSession:
    """A client of one service over ``self._http`` (set by the subclass); a context manager."""

    _http: httpx.Client

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._http.close()
