"""Strava's JSON → the :class:`ParsedActivity` a file becomes, so both take one import path.

An activity (``SummaryActivity`` from the list, ``DetailedActivity`` from ``/activities/{id}``)
gives the summary; its streams fetched with ``key_by_type=true`` come as one object per type,
``{"time": {"data": [...]}, "distance": {...}, "heartrate": {...}, ...}``, all the same length
(https://developers.strava.com/docs/reference/#api-Streams). Strava reports a run's cadence per
leg (a FIT file's ``cadence`` too, which the FIT reader doubles): both ``average_cadence`` and the
``cadence`` stream are doubled here into steps per minute.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np

from achillescare.domain.activity.records import FileSummary, FloatArray, ParsedActivity, Streams

RUN_TYPES = {"Run": "running", "TrailRun": "trail_running", "VirtualRun": "treadmill_running"}
"""Strava's running ``sport_type`` (or older ``type``) → the project's sport."""

STEPS_PER_STRIDE = 2.0
"""Strava's run cadence counts one leg's steps (revolutions); both feet step."""


def activity_id(summary: Mapping[str, Any]) -> str:
    return str(summary.get("id", ""))


def strava_type(summary: Mapping[str, Any]) -> str:
    """The activity's type as Strava names it (``sport_type``, else the older ``type``)."""
    return str(summary.get("sport_type") or summary.get("type") or "unknown")


def run_sport(summary: Mapping[str, Any]) -> str | None:
    """The project's sport when the activity is a run, else None (it is skipped)."""
    for key in ("sport_type", "type"):
        sport = RUN_TYPES.get(str(summary.get(key)))
        if sport is not None:
            return sport
    return None


def start_of(summary: Mapping[str, Any]) -> datetime:
    """``start_date`` (UTC, ``2025-10-18T12:49:52Z``) as an aware datetime."""
    return datetime.fromisoformat(str(summary["start_date"]).replace("Z", "+00:00")).astimezone(UTC)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _doubled(value: float | None) -> float | None:
    return None if value is None else value * STEPS_PER_STRIDE


def _channel(streams: Mapping[str, Any], key: str, n: int) -> FloatArray | None:
    stream = streams.get(key)
    data = stream.get("data") if isinstance(stream, Mapping) else None
    if not isinstance(data, list) or len(data) != n:
        return None
    return np.array([np.nan if v is None else v for v in data], dtype=np.float64)


def streams_of(streams: Mapping[str, Any]) -> Streams | None:
    """The per-sample :class:`Streams`; None without a usable ``time`` stream."""
    time = streams.get("time")
    data = time.get("data") if isinstance(time, Mapping) else None
    if not isinstance(data, list) or not data:
        return None
    n = len(data)
    cadence = _channel(streams, "cadence", n)
    latitude = longitude = None
    latlng = streams.get("latlng")
    points = latlng.get("data") if isinstance(latlng, Mapping) else None
    if isinstance(points, list) and len(points) == n:
        pairs = np.array(
            [p if isinstance(p, list) and len(p) == 2 else (np.nan, np.nan) for p in points],
            dtype=np.float64,
        )
        latitude, longitude = pairs[:, 0].copy(), pairs[:, 1].copy()
    return Streams(
        time_s=np.array(data, dtype=np.float64),
        distance_m=_channel(streams, "distance", n),
        altitude_m=_channel(streams, "altitude", n),
        speed_m_s=_channel(streams, "velocity_smooth", n),
        heart_rate_bpm=_channel(streams, "heartrate", n),
        cadence_spm=None if cadence is None else cadence * STEPS_PER_STRIDE,
        latitude_deg=latitude,
        longitude_deg=longitude,
    )


def parsed_activity(
    summary: Mapping[str, Any], streams: Mapping[str, Any] | None
) -> ParsedActivity:
    """One run as the import path takes it: Strava's totals, and its streams when it has some."""
    sport = run_sport(summary) or "other"
    offset = _number(summary.get("utc_offset"))
    gear = summary.get("gear")
    return ParsedActivity(
        start_utc=start_of(summary),
        sport=sport,
        summary=FileSummary(
            distance_m=_number(summary.get("distance")),
            elapsed_s=_number(summary.get("elapsed_time")),
            moving_s=_number(summary.get("moving_time")),
            elevation_gain_m=_number(summary.get("total_elevation_gain")),
            avg_heart_rate_bpm=_number(summary.get("average_heartrate")),
            max_heart_rate_bpm=_number(summary.get("max_heartrate")),
            avg_cadence_spm=_doubled(_number(summary.get("average_cadence"))),
        ),
        streams=streams_of(streams) if streams else None,
        utc_offset_s=None if offset is None else int(offset),
        name=str(summary["name"]) if summary.get("name") else None,
        device=str(summary["device_name"]) if summary.get("device_name") else None,
        gear=str(gear["name"]) if isinstance(gear, Mapping) and gear.get("name") else None,
    )
