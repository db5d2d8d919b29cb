"""What a FIT file says about an activity besides its samples: sport, device, time zone, cadence.

Names and numbers come from the FIT profile (:mod:`achillescare.importers.fit.profile`).
"""

from __future__ import annotations

import numpy as np

from achillescare.domain.activity.records import is_running
from achillescare.domain.units import STEPS_PER_STRIDE
from achillescare.importers.fit.decode import FitData, MessageTable
from achillescare.importers.fit.profile import (
    DEVICE_INFO,
    FILE_ID,
    GARMIN_PRODUCT_MAKERS,
    GARMIN_PRODUCTS,
    MANUFACTURERS,
    SPORTS,
    SUB_SPORTS,
    SYSTEM_TIME_LIMIT,
)

_MAX_UTC_OFFSET_S = 14 * 3600
_ZONE_STEP_S = 15 * 60
"""Every time zone is a multiple of 15 min from UTC; the two FIT times may be written apart."""
FOOT_SPORTS = frozenset({"walking", "hiking"})
"""Besides running, sports whose FIT cadence counts strides of one foot: the corpus' fenix 5 walk
records 53–68 per minute, i.e. 107–137 steps/min once doubled, a normal walking cadence."""


def counts_strides(sport: str) -> bool:
    """Whether FIT cadence means strides/min for this sport (pedal or stroke rate otherwise)."""
    return is_running(sport) or sport in FOOT_SPORTS


def normalise_sport(sport: float | None, sub_sport: float | None) -> tuple[str, str | None]:
    """FIT sport and sub-sport codes → our sport name, and the FIT sub-sport name kept beside it."""
    sport_name = SPORTS.get(int(sport)) if sport is not None and np.isfinite(sport) else None
    sub_name = (
        SUB_SPORTS.get(int(sub_sport)) if sub_sport is not None and np.isfinite(sub_sport) else None
    )
    detail = sub_name if sub_name not in {None, "generic"} else None
    if sport_name == "running":
        if sub_name in {"treadmill", "indoor_running", "virtual_activity"}:
            return "treadmill_running", detail
        if sub_name in {"trail", "track"}:
            return f"{sub_name}_running", detail
        return "running", detail
    if sport_name in {"cycling", "walking", "hiking", "swimming"}:
        return sport_name, detail
    return "other", detail or sport_name


def steps_per_min(cadence: float | None, fraction: float | None, sport: str) -> float | None:
    """FIT per-foot cadence (strides/min, plus its 1/128 fraction) as steps/min for foot sports."""
    if cadence is None or not np.isfinite(cadence):
        return None
    if not counts_strides(sport):
        return None
    extra = fraction if fraction is not None and np.isfinite(fraction) else 0.0
    return (cadence + extra) * STEPS_PER_STRIDE


def utc_offset_s(activity: MessageTable | None) -> int | None:
    """``activity.local_timestamp − activity.timestamp`` when both are present and plausible."""
    if activity is None:
        return None
    local = activity.fields.get("local_timestamp")
    stamp = activity.fields.get("timestamp")
    if local is None or stamp is None:
        return None
    offsets = local - stamp
    offsets = offsets[np.isfinite(offsets) & (stamp >= SYSTEM_TIME_LIMIT)]
    if not len(offsets) or abs(offsets[0]) > _MAX_UTC_OFFSET_S:
        return None
    return round(float(offsets[0]) / _ZONE_STEP_S) * _ZONE_STEP_S


def device_name(fit: FitData) -> str | None:
    """A name like ``Garmin Forerunner 945``, else the maker and product number the file states."""
    for num in (FILE_ID, DEVICE_INFO):
        table = fit.table(num)
        if table is None:
            continue
        for i in range(len(table)):
            if (
                num == DEVICE_INFO
                and table.fields.get("device_index", np.zeros(len(table)))[i] != 0
            ):
                continue
            maker = table.fields.get("manufacturer", np.full(len(table), np.nan))[i]
            product = table.fields.get("product", np.full(len(table), np.nan))[i]
            if np.isfinite(maker) and maker > 0:
                return _name(int(maker), int(product) if np.isfinite(product) else None)
    return None


def _name(maker: int, product: int | None) -> str:
    name = MANUFACTURERS.get(maker, f"manufacturer {maker}")
    if product is None:
        return name
    if maker in GARMIN_PRODUCT_MAKERS and product in GARMIN_PRODUCTS:
        return f"Garmin {GARMIN_PRODUCTS[product]}"
    return f"{name} product {product}"
