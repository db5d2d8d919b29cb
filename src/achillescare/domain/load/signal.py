"""A training signal: one number, its status, a plain-language explanation and its source.

Produced by :mod:`achillescare.domain.load.table`, read by the daily decision and the risk profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

SignalStatus = Literal["ok", "low", "caution", "high", "insufficient_data", "unknown"]
"""How a signal reads: a band (``ok``, ``low``, ``caution``, ``high``) or why there is none."""

STATUSES: tuple[SignalStatus, ...] = get_args(SignalStatus)
"""The statuses in their fixed order: the kernels store ``STATUSES.index(status)`` as an int8."""


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal as of a date. ``explanation`` is one sentence in the runner's units."""

    id: str
    value: float | None
    status: SignalStatus
    explanation: str
    source: str

    def to_json(self) -> dict[str, object]:
        """The JSON shape of the CLI and API contracts."""
        return {
            "id": self.id,
            "value": self.value,
            "status": self.status,
            "explanation": self.explanation,
            "source": self.source,
        }
