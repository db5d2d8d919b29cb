"""Activities as rows for tables, JSON and CSV: one context, several renderings."""

from __future__ import annotations

from typing import Any

from achillescare.domain.activity.records import Activity
from achillescare.domain.units import Units, metres_to, pace_s_per_unit

JSON_FIELDS = (
    "id", "start", "start_local", "sport", "is_run", "name", "distance_m", "duration_s",
    "moving_time_s", "elevation_gain_m", "elevation_loss_m", "uphill_m", "uphill_s",
    "steep_uphill_m", "downhill_m", "fast_s", "fast_m", "strides", "avg_cadence_spm",
    "avg_hr_bpm", "max_hr_bpm", "avg_ground_contact_ms", "avg_vertical_oscillation_mm", "rpe",
    "gear", "shoe_id", "device", "source", "source_kind", "warnings", "excluded_reason",
)  # fmt: skip


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def activity_record(activity: Activity) -> dict[str, Any]:
    """The JSON record of an activity: SI units, ISO 8601 start (UTC, with offset)."""
    return {
        "id": activity.id,
        "start": activity.start_utc.isoformat(),
        "start_local": activity.start_local.isoformat(),
        "sport": activity.sport,
        "is_run": activity.is_run,
        "name": activity.name,
        "distance_m": _rounded(activity.distance_m, 2),
        "duration_s": _rounded(activity.duration_s),
        "moving_time_s": _rounded(activity.moving_s),
        "elevation_gain_m": _rounded(activity.elevation_gain_m),
        "elevation_loss_m": _rounded(activity.elevation_loss_m),
        "uphill_m": _rounded(activity.uphill_m),
        "uphill_s": _rounded(activity.uphill_s),
        "steep_uphill_m": _rounded(activity.steep_uphill_m),
        "downhill_m": _rounded(activity.downhill_m),
        "fast_s": _rounded(activity.fast_s),
        "fast_m": _rounded(activity.fast_m),
        "strides": activity.strides,
        "avg_cadence_spm": _rounded(activity.avg_cadence_spm),
        "avg_hr_bpm": _rounded(activity.avg_hr_bpm),
        "max_hr_bpm": _rounded(activity.max_hr_bpm),
        "avg_ground_contact_ms": _rounded(activity.avg_ground_contact_ms),
        "avg_vertical_oscillation_mm": _rounded(activity.avg_vertical_oscillation_mm),
        "rpe": activity.rpe,
        "gear": activity.gear,
        "shoe_id": activity.shoe_id,
        "device": activity.device,
        "source": activity.source,
        "source_kind": activity.source_kind,
        "warnings": list(activity.warnings),
        "excluded_reason": activity.excluded_reason,
    }


def activity_row(activity: Activity, units: Units) -> dict[str, Any]:
    """A display row in the runner's units (distance, pace per km or mile, uphill, fast minutes)."""
    return {
        "date": activity.start_local,
        "sport": activity.sport,
        "distance": metres_to(activity.distance_m, units),
        "pace_s": pace_s_per_unit(activity.distance_m, activity.moving_s, units)
        if activity.is_run
        else None,
        "duration_s": activity.moving_s,
        "elevation_gain_m": activity.elevation_gain_m,
        "uphill": None if activity.uphill_m is None else metres_to(activity.uphill_m, units),
        "fast_min": None if activity.fast_s is None else activity.fast_s / 60,
        "strides": activity.strides,
        "cadence_spm": activity.avg_cadence_spm,
        "hr_bpm": activity.avg_hr_bpm,
    }
