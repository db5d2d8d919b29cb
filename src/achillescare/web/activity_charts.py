"""The charts of one activity's page: its altitude profile and its pace profile, along the
course in the runner's units, as Vega-Lite specs (data inline), each with the sentence that
stands in for it (the ``summary``) for people who do not see the chart.

Pace is drawn in minutes per km or mile, faster upwards (runners read a higher line as faster),
with gaps where the runner stood or walked (see :mod:`achillescare.domain.activity.splits`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from achillescare.domain.activity.splits import ProfilePoint
from achillescare.domain.units import Units, format_distance, format_pace, metres_to

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Spec = dict[str, Any]
_MINUTES_AS_PACE = (
    "floor(datum.value) + ':' + (round(datum.value % 1 * 60) < 10 ? '0' : '')"
    " + round(datum.value % 1 * 60)"
)


@dataclass(frozen=True, slots=True)
class ActivityChart:
    """One chart: its name, caption, spec and its text alternative."""

    name: str
    title: str
    spec: Spec
    summary: str


def _spec(description: str, values: list[dict[str, Any]], units: Units) -> Spec:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": 140,
        "data": {"values": values},
        "encoding": {
            "x": {
                "field": "distance",
                "type": "quantitative",
                "title": units.value,
                "scale": {"nice": False},
            }
        },
    }


def elevation_chart(points: list[ProfilePoint], units: Units) -> ActivityChart | None:
    """Altitude along the course; None without altitude."""
    known = [p for p in points if p.altitude_m is not None]
    if len(known) < 2:
        return None
    values = [
        {"distance": round(metres_to(p.distance_m, units), 3), "altitude": round(p.altitude_m, 1)}
        for p in known
        if p.altitude_m is not None
    ]
    altitudes = [v["altitude"] for v in values]
    low, high = min(altitudes), max(altitudes)
    top = max(values, key=lambda v: v["altitude"])
    summary = (
        f"The altitude goes from {values[0]['altitude']:.0f} m at the start to "
        f"{values[-1]['altitude']:.0f} m at the end, between {low:.0f} m and {high:.0f} m; "
        f"the highest point is at {top['distance']:.1f} {units.value}."
    )
    spec = _spec("Altitude along the run", values, units)
    spec["mark"] = {"type": "line", "color": "#1e6b32"}
    spec["encoding"]["y"] = {
        "field": "altitude",
        "type": "quantitative",
        "title": "altitude (m)",
        "scale": {"zero": False},
    }
    spec["encoding"]["tooltip"] = [
        {"field": "distance", "title": units.value, "format": ".2f"},
        {"field": "altitude", "title": "altitude (m)", "format": ".0f"},
    ]
    return ActivityChart("elevation", "Altitude", spec, summary)


def pace_chart(points: list[ProfilePoint], units: Units) -> ActivityChart | None:
    """Pace along the course (minutes per km or mile, faster upwards); None without pace."""
    values = [
        {
            "distance": round(metres_to(p.distance_m, units), 3),
            "pace": round(p.pace_s_per_m * units.metres / 60, 3),
        }
        for p in points
        if p.pace_s_per_m is not None
    ]
    if len(values) < 2:
        return None
    fastest = min(values, key=lambda v: v["pace"])
    slowest = max(values, key=lambda v: v["pace"])
    summary = (
        f"The pace ranges from {format_pace(fastest['pace'] * 60, units)}, the fastest, around "
        f"{fastest['distance']:.1f} {units.value}, to {format_pace(slowest['pace'] * 60, units)}"
        f" around {slowest['distance']:.1f} {units.value}, over "
        f"{format_distance(points[-1].distance_m, units)}."
    )
    spec = _spec(f"Pace along the run (min/{units.value}, faster upwards)", values, units)
    spec["mark"] = {"type": "line", "color": "#0b5cad", "interpolate": "monotone"}
    spec["encoding"]["y"] = {
        "field": "pace",
        "type": "quantitative",
        "title": f"min/{units.value}",
        "scale": {"reverse": True, "zero": False},
        "axis": {"labelExpr": _MINUTES_AS_PACE},
    }
    spec["encoding"]["tooltip"] = [
        {"field": "distance", "title": units.value, "format": ".2f"},
        {"field": "pace", "title": f"min/{units.value}", "format": ".2f"},
    ]
    return ActivityChart("pace", "Pace", spec, summary)


def activity_charts(points: list[ProfilePoint], units: Units) -> list[ActivityChart]:
    """The charts there are data for, in page order."""
    charts = (elevation_chart(points, units), pace_chart(points, units))
    return [chart for chart in charts if chart is not None]
