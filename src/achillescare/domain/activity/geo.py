"""Distances on the Earth's surface from GPS positions, for files that record no distance.

Haversine on a sphere of the mean Earth radius (IUGG, 6,371,008.8 m): over the few metres
between two GPS fixes its error against the WGS-84 ellipsoid (≤ 0.5 %) is far below GPS noise.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from achillescare.domain.activity.records import FloatArray

EARTH_RADIUS_M = 6_371_008.8


STEP_CHUNK = 1 << 16
"""Fixes handled at a time: the formula makes a dozen temporary arrays, kept small this way
(a week-long track at one fix a second would otherwise need some 50 MB of them)."""


def step_distances_m(latitude_deg: FloatArray, longitude_deg: FloatArray) -> FloatArray:
    """Great-circle distance from each fix to the next (length n − 1); NaN where a fix is missing."""
    n = len(latitude_deg)
    if n <= STEP_CHUNK:
        return _steps(latitude_deg, longitude_deg)
    out = np.empty(n - 1)
    for start in range(0, n - 1, STEP_CHUNK):
        stop = min(start + STEP_CHUNK, n - 1)
        out[start:stop] = _steps(latitude_deg[start : stop + 1], longitude_deg[start : stop + 1])
    return out


def _steps(latitude_deg: FloatArray, longitude_deg: FloatArray) -> FloatArray:
    lat = np.radians(latitude_deg)
    lon = np.radians(longitude_deg)
    dlat = np.diff(lat)
    dlon = np.diff(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    distance: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return distance


def cumulative_distance_m(
    latitude_deg: FloatArray,
    longitude_deg: FloatArray,
    breaks: npt.NDArray[np.bool_] | None = None,
) -> FloatArray:
    """Distance from the first fix to each fix, in metres, starting at 0.

    A step touching a missing fix adds nothing (the next valid fix is measured from the last
    valid one). ``breaks`` is a boolean mask, true at a point that starts a new GPS segment:
    the jump from the previous point is not counted (the device stopped recording).
    """
    n = len(latitude_deg)
    out = np.zeros(n)
    if n < 2:
        return out
    valid = np.isfinite(latitude_deg) & np.isfinite(longitude_deg)
    index = np.flatnonzero(valid)
    if len(index) < 2:
        return out
    steps = step_distances_m(latitude_deg[index], longitude_deg[index])
    if breaks is not None:
        # A break anywhere between two consecutive valid fixes cancels the step between them.
        seen_breaks = np.cumsum(breaks.astype(np.int64))
        steps[seen_breaks[index[1:]] != seen_breaks[index[:-1]]] = 0.0
    cumulative = np.concatenate(([0.0], np.cumsum(steps)))
    # Points without a fix hold the distance reached at the last valid fix before them.
    position = np.searchsorted(index, np.arange(n), side="right") - 1
    out = cumulative[np.clip(position, 0, None)]
    out[position < 0] = 0.0
    return out
