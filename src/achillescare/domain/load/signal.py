"""A training signal: one number, its status, a plain-language explanation and its source.

Produced by :mod:`achillescare.domain.load.table`, read by the daily decision and the risk profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from achillescare.errors import InvalidInput

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

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Signal:
        """The signal :meth:`to_json` wrote; raises ValueError on an unknown status or a
        missing field."""
        texts = {key: data.get(key) for key in ("id", "explanation", "source")}
        for key, text in texts.items():
            if not isinstance(text, str):
                raise InvalidInput(f"signal: {key} must be text, not {text!r}")
        value = data.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InvalidInput(f"signal {texts['id']}: value must be a number, not {value!r}")
        status = data.get("status")
        for known in STATUSES:
            if status == known:
                return cls(
                    str(texts["id"]),
                    None if value is None else float(value),
                    known,
                    str(texts["explanation"]),
                    str(texts["source"]),
                )
        raise InvalidInput(f"signal {texts['id']}: status {status!r} is not one of {STATUSES}")
