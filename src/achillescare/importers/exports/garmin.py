"""Garmin Connect account export: the summaries in ``*_summarizedActivities.json``.

The export's own FIT files (nested ``UploadedFiles_*.zip``) are the better source and are read
like any FIT file; a summary becomes an activity only when no file of the export starts within
two minutes of it (an activity entered by hand, or one whose file Garmin did not include).

Layout and units, from public readers of real exports (no real export was available to check
them against): a JSON list holding one object whose key
``summarizedActivitiesExport`` lists the activities; ``startTimeGmt`` (or ``beginTimestamp``) in
epoch milliseconds, ``startTimeLocal`` the wall-clock time written as if it were UTC; durations
in milliseconds, ``distance``, ``elevationGain``/``elevationLoss`` in centimetres; ``avgRunCadence``
per leg (doubled here to steps per minute). Some versions write ``durationSeconds`` and
``distanceMeters`` instead; both are accepted. Gear (shoes) comes from ``*_gear.json``
(:func:`read_gear`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from achillescare.domain.activity.records import FileSummary, ParsedActivity
from achillescare.domain.gear.shoes import DEFAULT_REMINDER_M, Shoe
from achillescare.importers.base import UnreadableFile

MATCH_WINDOW = timedelta(minutes=2)
"""A file and a summary starting this close are the same activity (as the import dedupes)."""

SPORTS = {
    "running": "running", "street_running": "running", "track_running": "track_running",
    "trail_running": "trail_running", "treadmill_running": "treadmill_running",
    "indoor_running": "treadmill_running", "virtual_run": "treadmill_running",
    "ultra_run": "trail_running",
    "cycling": "cycling", "road_biking": "cycling", "mountain_biking": "cycling",
    "gravel_cycling": "cycling", "indoor_cycling": "cycling", "virtual_ride": "cycling",
    "walking": "walking", "casual_walking": "walking", "speed_walking": "walking",
    "hiking": "hiking", "lap_swimming": "swimming", "open_water_swimming": "swimming",
    "swimming": "swimming", "strength_training": "training", "indoor_cardio": "training",
    "elliptical": "elliptical", "indoor_rowing": "rowing", "rowing": "rowing",
    "resort_skiing_snowboarding_ws": "alpine_skiing", "cross_country_skiing_ws":
    "cross_country_skiing", "yoga": "yoga", "multi_sport": "multisport",
}  # fmt: skip
"""Garmin ``activityType`` keys → the project's sport names."""

_FOOT_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running"})


def is_summaries_name(name: str) -> bool:
    """True for ``…/DI-Connect-Fitness/<user>_0_summarizedActivities.json`` and its parts."""
    base = name.rsplit("/", 1)[-1].lower()
    return base.endswith(".json") and "summarizedactivities" in base


def read_summaries(data: bytes) -> list[dict[str, Any]]:
    """The activity objects of a summaries file; raises UnreadableFile if it is not one."""
    try:
        payload = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"not valid JSON ({error})") from None
    found: list[dict[str, Any]] = []
    chunks = payload if isinstance(payload, list) else [payload]
    for chunk in chunks:
        if isinstance(chunk, dict) and isinstance(chunk.get("summarizedActivitiesExport"), list):
            found.extend(a for a in chunk["summarizedActivitiesExport"] if isinstance(a, dict))
        elif isinstance(chunk, dict) and "activityId" in chunk:
            found.append(chunk)
    if not found and not (isinstance(payload, list) and all(_is_empty(c) for c in payload)):
        raise UnreadableFile("no 'summarizedActivitiesExport' list: not a Garmin summaries file")
    return found


def _is_empty(chunk: object) -> bool:
    return isinstance(chunk, dict) and chunk.get("summarizedActivitiesExport") == []


def summary_sha256(summary: dict[str, Any]) -> str:
    """A stable hash of one summary (re-importing the same export finds it again)."""
    return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


def describe(summary: dict[str, Any]) -> str:
    """``activity 123456 (Morning Run)`` for messages and source names."""
    name = summary.get("name")
    label = f"activity {summary.get('activityId', '?')}"
    return f"{label} ({name})" if isinstance(name, str) and name else label


def _number(summary: dict[str, Any], key: str) -> float | None:
    value = summary.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _scaled(summary: dict[str, Any], key: str, factor: float) -> float | None:
    value = _number(summary, key)
    return None if value is None else value * factor


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def start_of(summary: dict[str, Any]) -> datetime:
    """The UTC start of a summary; raises UnreadableFile if it has none."""
    millis = _first(_number(summary, "startTimeGmt"), _number(summary, "beginTimestamp"))
    if millis is None:
        raise UnreadableFile(f"{describe(summary)} has no start time")
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise UnreadableFile(f"{describe(summary)} has an impossible start time") from None


def _sport(summary: dict[str, Any]) -> str:
    raw = summary.get("activityType") or summary.get("sportType") or ""
    if isinstance(raw, dict):
        raw = raw.get("typeKey", "")
    return SPORTS.get(str(raw).strip().lower(), "other")


def activity_from_summary(summary: dict[str, Any]) -> ParsedActivity:
    """An activity from its Garmin summary alone (no streams); raises UnreadableFile."""
    start = start_of(summary)
    local = _number(summary, "startTimeLocal")
    offset = None
    if local is not None:
        offset = round((local / 1000 - start.timestamp()) / 60) * 60
        if abs(offset) > 14 * 3600:
            offset = None
    sport = _sport(summary)
    cadence = _number(summary, "avgRunCadence")
    summary_values = FileSummary(
        distance_m=_first(_scaled(summary, "distance", 0.01), _number(summary, "distanceMeters")),
        elapsed_s=_first(
            _scaled(summary, "elapsedDuration", 0.001),
            _scaled(summary, "duration", 0.001),
            _number(summary, "durationSeconds"),
        ),
        moving_s=_first(
            _scaled(summary, "movingDuration", 0.001), _number(summary, "movingDurationSeconds")
        ),
        elevation_gain_m=_scaled(summary, "elevationGain", 0.01),
        elevation_loss_m=_scaled(summary, "elevationLoss", 0.01),
        avg_heart_rate_bpm=_number(summary, "avgHr"),
        max_heart_rate_bpm=_number(summary, "maxHr"),
        avg_cadence_spm=cadence * 2 if cadence is not None and sport in _FOOT_SPORTS else None,
    )
    if summary_values.distance_m is None and summary_values.elapsed_s is None:
        raise UnreadableFile(f"{describe(summary)} has neither distance nor duration")
    name = summary.get("name")
    return ParsedActivity(
        start_utc=start,
        sport=sport,
        summary=summary_values,
        streams=None,
        utc_offset_s=offset,
        name=name if isinstance(name, str) and name else None,
    )


def has_file(start: datetime, file_starts: list[datetime]) -> bool:
    """True if an activity file of the export starts within :data:`MATCH_WINDOW` of ``start``."""
    return any(abs(start - other) <= MATCH_WINDOW for other in file_starts)


def is_gear_name(name: str) -> bool:
    """True for ``…/DI-Connect-Fitness/<user>_gear.json`` (the export's list of gear)."""
    return name.rsplit("/", 1)[-1].lower().endswith("_gear.json")


@dataclass(frozen=True, slots=True)
class GarminGear:
    """What a Garmin ``*_gear.json`` says: the pairs of shoes, and the shoe name of each
    activity (by Garmin activity id) worn in one of them."""

    shoes: tuple[Shoe, ...] = ()
    by_activity: Mapping[int, str] = field(default_factory=dict)


def _gear_date(value: object) -> date | None:
    """``2024-03-02T00:00:00.0`` or ``2024-03-02`` → a date; anything else → None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _shoe(item: dict[str, Any]) -> Shoe | None:
    """A Garmin gear object as a shoe (None for a bike or other gear, or one with no name)."""
    if str(item.get("gearTypeName", "")).strip().lower() != "shoes":
        return None
    brand = item.get("gearMakeName") if isinstance(item.get("gearMakeName"), str) else None
    model = item.get("gearModelName") if isinstance(item.get("gearModelName"), str) else None
    custom = item.get("customMakeModel") if isinstance(item.get("customMakeModel"), str) else None
    display = item.get("displayName") if isinstance(item.get("displayName"), str) else None
    name = next((n.strip() for n in (display, custom) if n and n.strip()), None)
    name = name or " ".join(p for p in (brand, model) if p and p.strip()) or None
    if name is None:
        return None
    if brand is not None and brand.strip().lower() in {"other", "unknown"}:
        brand = None
    first = _gear_date(item.get("dateBegin"))
    retired = _gear_date(item.get("dateEnd"))
    if str(item.get("gearStatusName", "")).lower() == "retired" and retired is None:
        retired = first
    if retired is not None and first is not None and retired < first:
        retired = first
    limit = _number(item, "maximumMeters")
    reminder = limit if limit is not None and 50_000 <= limit <= 5_000_000 else DEFAULT_REMINDER_M
    try:
        return Shoe(name=name[:80], brand=brand, model=model, first_used=first,
                    retired_on=retired, reminder_m=reminder)  # fmt: skip
    except ValueError:
        return None


def read_gear(data: bytes) -> GarminGear:
    """The shoes of a Garmin ``*_gear.json``; raises UnreadableFile if it is not one.

    Layout, from public readers of real exports (no real export was available to check, see
    ``../shared/corpus/README.md``): a JSON list holding one object with ``gearDTOS`` (each gear
    with ``gearPk``, ``gearTypeName`` ``Shoes``/``Bike``, ``gearMakeName``, ``gearModelName``,
    ``displayName``, ``customMakeModel``, ``gearStatusName`` ``active``/``retired``,
    ``dateBegin``, ``dateEnd``, ``maximumMeters``) and ``gearActivityDTOs``, a map from the gear's
    ``gearPk`` (as text) to the activities worn in it (each with ``activityId``).
    """
    try:
        payload = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"not valid JSON ({error})") from None
    chunks = payload if isinstance(payload, list) else [payload]
    shoes: list[Shoe] = []
    by_activity: dict[int, str] = {}
    recognised = False
    for chunk in chunks:
        if not isinstance(chunk, dict) or not isinstance(chunk.get("gearDTOS"), list):
            continue
        recognised = True
        links = chunk.get("gearActivityDTOs")
        links = links if isinstance(links, dict) else {}
        for item in chunk["gearDTOS"]:
            shoe = _shoe(item) if isinstance(item, dict) else None
            if shoe is None:
                continue
            shoes.append(shoe)
            worn = links.get(str(item.get("gearPk")))
            for activity in worn if isinstance(worn, list) else ():
                activity_id = activity.get("activityId") if isinstance(activity, dict) else None
                if isinstance(activity_id, int) and not isinstance(activity_id, bool):
                    by_activity[activity_id] = shoe.name
    if not recognised:
        raise UnreadableFile("no 'gearDTOS' list: not a Garmin gear file")
    return GarminGear(tuple(shoes), by_activity)


def activity_id_of(summary: dict[str, Any]) -> int | None:
    value = summary.get("activityId")
    return value if isinstance(value, int) and not isinstance(value, bool) else None
