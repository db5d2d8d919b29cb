"""A runner, as the rest of the domain sees them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from achillescare.domain.units import Units

Sex = Literal["female", "male", "other"]


@dataclass(frozen=True, slots=True)
class Runner:
    """A runner's profile. ``fast_speed_m_s`` is the explicit threshold for "fast" running, or None
    to derive it from the runner's own history (90th percentile of 1-minute speeds);
    ``derived_fast_speed_m_s`` is that derived value, kept up to date by the import pipeline."""

    id: int
    name: str
    units: Units = Units.KM
    birth_year: int | None = None
    sex: Sex | None = None
    weekly_volume_m: float | None = None
    fast_speed_m_s: float | None = None
    derived_fast_speed_m_s: float | None = None
    timezone: str | None = None

    @property
    def effective_fast_speed_m_s(self) -> float | None:
        """The threshold in force: the runner's own setting wins over the derived one."""
        return (
            self.fast_speed_m_s if self.fast_speed_m_s is not None else self.derived_fast_speed_m_s
        )
