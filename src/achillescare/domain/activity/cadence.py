"""Cadence from the watch: steps per minute and how it changes with pace — a clue, not a rule.

Raising step rate 5–10 % at the same speed lowers hip and knee loading per step (Heiderscheit et
al. 2011); for the Achilles the evidence is mixed, so the runner sees this as a clue to try, never
as a fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from achillescare.domain.activity.records import Activity
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.units import Units, format_pace, speed_to_pace_s

MIN_RUNS = 3
"""Fewer runs with cadence than this give no clue."""
STEP_UP_PCT = (5.0, 10.0)
"""Heiderscheit 2011: +5–10 % step rate at the same speed."""


@dataclass(frozen=True, slots=True)
class CadenceClue:
    """Cadence across the runner's recent runs. ``spm_per_m_s`` is the slope of cadence against
    speed (steps/min gained per 1 m/s faster); None with too little spread in pace."""

    runs: int
    mean_spm: float
    easy_spm: float
    easy_speed_m_s: float
    spm_per_m_s: float | None
    target_spm: tuple[float, float]

    def describe(self, units: Units) -> str:
        """One plain paragraph in the runner's units."""
        easy_pace = format_pace(speed_to_pace_s(self.easy_speed_m_s, units), units)
        text = (
            f"Over {self.runs} runs your cadence averages {self.mean_spm:.0f} steps/min; on easy runs "
            f"(about {easy_pace}) it is {self.easy_spm:.0f}."
        )
        if self.spm_per_m_s is not None:
            slower = speed_to_pace_s(self.easy_speed_m_s, units)
            faster = speed_to_pace_s(self.easy_speed_m_s + 0.5, units)
            if slower is not None and faster is not None:
                gain = self.spm_per_m_s * 0.5
                text += (
                    f" It rises by about {gain:.0f} steps/min when you run "
                    f"{slower - faster:.0f} s{units.pace_label} faster."
                )
        low, high = self.target_spm
        text += (
            f" A clue, not a rule: a 5–10 % higher step rate on easy runs ({low:.0f}–{high:.0f}) "
            "lowers loading per step (Heiderscheit 2011); for the Achilles the evidence is mixed."
        )
        return text


def cadence_clue(activities: Sequence[Activity]) -> CadenceClue | None:
    """The cadence clue from runs that recorded cadence and moved; None with fewer than 3."""
    points = [
        (a.avg_cadence_spm, a.distance_m / a.moving_s)
        for a in activities
        if a.is_run
        and a.avg_cadence_spm
        and a.avg_cadence_spm > 0
        and a.moving_s > 0
        and a.distance_m > 0
    ]
    if len(points) < MIN_RUNS:
        return None
    cadence = np.array([p[0] for p in points], dtype=np.float64)
    speed = np.array([p[1] for p in points], dtype=np.float64)
    slow_cut = float(np.quantile(speed, 1 / 3))
    easy = speed <= slow_cut
    easy_spm = float(np.mean(cadence[easy]))
    slope: float | None = None
    if float(np.ptp(speed)) >= 0.2:
        slope = float(np.polyfit(speed, cadence, 1)[0])
    return CadenceClue(
        runs=len(points),
        mean_spm=float(np.mean(cadence)),
        easy_spm=easy_spm,
        easy_speed_m_s=float(np.mean(speed[easy])),
        spm_per_m_s=slope,
        target_spm=(easy_spm * (1 + STEP_UP_PCT[0] / 100), easy_spm * (1 + STEP_UP_PCT[1] / 100)),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "ST-CADENCE",
        "Cadence is a clue",
        "Cadence and its change with pace are shown with a 5–10 % step-rate increase as something "
        "to try on easy runs, never as a fault or a decision input.",
        ("heiderscheit2011",),
        "verified",
        "self-tests",
        notes="Heiderscheit 2011 measured hip/knee loading; Achilles-specific evidence is mixed.",
        thresholds=(("step_up_pct", "5–10"), ("min_runs", "3")),
    ),
)
