"""The timeline drawn: one Vega-Lite chart per panel, all on the same time axis.

Every panel shares the range's x domain and day/week/month ticks (never hours: the data are
daily), so a morning of pain lines up with the run before it. The ACWR is clipped to its frame
(values above :data:`ACWR_SHOWN_MAX` are drawn at the top edge as triangles; the tooltip and the
table give the real value). A panel with nothing to draw in the range is left out, and the page
prints the sentence of :func:`~achillescare.domain.timeline.empty_series` instead. Each chart has
a one-sentence text alternative (``summary``) and the page a weekly table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from achillescare.domain.load.kernels import ACWR_BANDS
from achillescare.domain.timeline import SERIES, TimelineDay
from achillescare.domain.units import Units, metres_to
from achillescare.services.timeline import Timeline

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
ACWR_SHOWN_MAX = 2.5
"""The top of the ACWR frame: the bands end at 1.5 (Gabbett 2016), and a ratio above 2.5 is read
the same way as 2.5 (its exact value is in the tooltip and the table)."""
INSTRUMENT_LABELS = {"visa_a": "VISA-A", "ostrc": "OSTRC"}
SIDE_COLOURS = {"domain": ["left", "right"], "range": ["#0b5cad", "#b00020"]}
Spec = dict[str, Any]


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """One panel: its name, caption, Vega-Lite spec and the sentence that stands in for it."""

    name: str
    title: str
    spec: Spec
    summary: str


@dataclass(frozen=True, slots=True)
class WeekRow:
    """A week of the timeline's table (the charts' text alternative)."""

    week_start: date
    distance: float
    runs: int
    morning_pain_left: int | None
    morning_pain_right: int | None
    stiffness_max_min: int | None
    scores: str
    events: int


def _x(start: date, end: date) -> dict[str, Any]:
    days = (end - start).days + 1
    interval, step, label = ("day", 1, "%d %b") if days <= 21 else ("week", 1, "%d %b")
    if days > 120:
        interval, step, label = ("month", 1, "%b %Y")
    if days > 400:
        interval, step, label = ("month", 3, "%b %Y")
    if days > 1200:
        interval, step, label = ("year", 1, "%Y")
    return {
        "field": "date",
        "type": "temporal",
        "timeUnit": "yearmonthdate",
        "title": None,
        "scale": {"domain": [start.isoformat(), (end + timedelta(days=1)).isoformat()]},
        "axis": {
            "format": label,
            "tickCount": {"interval": interval, "step": step},
            "labelFlush": True,
        },
    }


def _spec(description: str, values: list[dict[str, Any]], height: int = 120) -> Spec:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "data": {"values": values},
    }


def _per_side(rows: list[TimelineDay], attribute: str) -> list[dict[str, Any]]:
    return [
        {"date": r.day.isoformat(), "side": side, "value": value}
        for r in rows
        for side, value in getattr(r, attribute).items()
    ]


def _side_chart(
    x: dict[str, Any], values: list[dict[str, Any]], title: str, y: dict[str, Any]
) -> Spec:
    spec = _spec(title, values)
    spec["mark"] = {"type": "line", "point": True, "clip": True}
    spec["encoding"] = {
        "x": x,
        "y": {"field": "value", "type": "quantitative", "title": None, **y},
        "color": {"field": "side", "type": "nominal", "title": "side", "scale": SIDE_COLOURS},
        "tooltip": [
            {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
            {"field": "side", "type": "nominal"},
            {"field": "value", "type": "quantitative"},
        ],
    }
    return spec


def _worst(values: list[dict[str, Any]]) -> str:
    if not values:
        return ""
    top = max(values, key=lambda v: v["value"])
    return f" The highest was {top['value']} ({top['side']}, {top['date']})."


def timeline_charts(timeline: Timeline, units: Units) -> list[TimelineChart]:
    """The panels with data in the range, in :data:`SERIES` order."""
    rows, x = timeline.rows, _x(timeline.start, timeline.end)
    unit = units.value
    charts: list[TimelineChart] = []

    def add(name: str, spec: Spec, summary: str) -> None:
        if name not in timeline.omitted:
            charts.append(TimelineChart(name, SERIES[name], spec, summary))

    ran = [r for r in rows if r.runs]
    distance: list[dict[str, Any]] = [
        {"date": r.day.isoformat(), "distance": round(metres_to(r.distance_m, units), 2),
         "runs": r.runs}
        for r in ran
    ]  # fmt: skip
    spec = _spec(f"Distance per day ({unit})", distance)
    spec["mark"] = {"type": "bar", "color": "#0b5cad", "clip": True}
    spec["encoding"] = {
        "x": x,
        "y": {"field": "distance", "type": "quantitative", "title": unit},
        "tooltip": [
            {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
            {"field": "distance", "type": "quantitative", "title": unit},
            {"field": "runs", "type": "quantitative"},
        ],
    }
    total = sum(v["distance"] for v in distance)
    add("distance", spec, f"{len(ran)} running days, {total:.1f} {unit} in all.")

    load: list[dict[str, Any]] = []
    for r in rows:
        for measure, value in (
            ("uphill (m)", r.uphill_m), ("fast (min)", r.fast_min), ("strides", r.strides)
        ):  # fmt: skip
            if value:
                load.append(
                    {"date": r.day.isoformat(), "measure": measure, "value": round(value, 1)}
                )
    spec = _spec("Uphill metres, fast minutes and strides per day", load)
    spec["mark"] = {"type": "point", "filled": True, "clip": True}
    spec["encoding"] = {
        "x": x,
        "y": {"field": "value", "type": "quantitative", "title": None},
        "color": {"field": "measure", "type": "nominal", "title": None},
        "shape": {"field": "measure", "type": "nominal", "title": None},
        "tooltip": [
            {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
            {"field": "measure", "type": "nominal"},
            {"field": "value", "type": "quantitative"},
        ],
    }
    add(
        "achilles_load",
        spec,
        f"{len({v['date'] for v in load})} days with hills, fast running or strides.",
    )

    acwr: list[dict[str, Any]] = []
    for r in rows:
        signal = r.signals.get("acwr_rolling")
        if signal is not None and signal.value is not None:
            value = round(signal.value, 2)
            acwr.append({
                "date": r.day.isoformat(), "acwr": value,
                "shown": min(value, ACWR_SHOWN_MAX), "clipped": value > ACWR_SHOWN_MAX,
            })  # fmt: skip
    low, usual, caution = ACWR_BANDS
    spec = _spec("Acute:chronic workload ratio (context only, never a reason alone)", acwr)
    tooltip = [
        {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
        {"field": "acwr", "type": "quantitative", "title": "ratio"},
    ]
    spec["layer"] = [
        {
            "data": {"values": [
                {"from": 0, "to": low, "band": "low"}, {"from": low, "to": usual, "band": "usual"},
                {"from": usual, "to": caution, "band": "caution"},
                {"from": caution, "to": ACWR_SHOWN_MAX, "band": "high"},
            ]},
            "mark": {"type": "rect", "opacity": 0.12},
            "encoding": {
                "y": {"field": "from", "type": "quantitative", "title": "ratio",
                      "scale": {"domain": [0, ACWR_SHOWN_MAX], "clamp": True, "nice": False}},
                "y2": {"field": "to"},
                "color": {"field": "band", "type": "nominal", "title": None, "scale": {
                    "domain": ["low", "usual", "caution", "high"],
                    "range": ["#4a5360", "#1e6b32", "#8a5a00", "#b00020"]}},
            },
        },
        {
            "mark": {"type": "line", "color": "#1b1f24", "clip": True},
            "encoding": {"x": x, "y": {"field": "shown", "type": "quantitative"}, "tooltip": tooltip},
        },
        {
            "transform": [{"filter": "datum.clipped"}],
            "mark": {"type": "point", "shape": "triangle-up", "filled": True, "color": "#b00020"},
            "encoding": {"x": x, "y": {"field": "shown", "type": "quantitative"}, "tooltip": tooltip},
        },
    ]  # fmt: skip
    top = max((v["acwr"] for v in acwr), default=0.0)
    add("acwr", spec, f"The ratio ranged up to {top:.2f} in this range (usual band {low}–{usual}).")

    pain = _per_side(rows, "morning_pain")
    add(
        "morning_pain",
        _side_chart(x, pain, "Morning pain (0–10), per side", {"scale": {"domain": [0, 10]}}),
        f"{len(pain)} mornings recorded.{_worst(pain)}",
    )
    stiffness = _per_side(rows, "morning_stiffness_min")
    add(
        "morning_stiffness",
        _side_chart(
            x, stiffness, "Morning stiffness (minutes), per side", {"scale": {"zero": True}}
        ),
        f"{len(stiffness)} mornings recorded.{_worst(stiffness)}",
    )
    run_pain = [
        {"date": v["date"], "side": f"{v['side']} {when}", "value": v["value"]}
        for attribute, when in (("pain_during_run", "during"), ("pain_after_run", "after"))
        for v in _per_side(rows, attribute)
    ]
    spec = _side_chart(
        x, run_pain, "Pain during and after runs (0–10)", {"scale": {"domain": [0, 10]}}
    )
    spec["encoding"]["color"] = {"field": "side", "type": "nominal", "title": None}
    add("run_pain", spec, f"{len(run_pain)} answers about runs.{_worst(run_pain)}")

    scores = [
        {"date": r.day.isoformat(), "instrument": INSTRUMENT_LABELS.get(name, name), "score": value}
        for r in rows for name, value in r.scores.items()
    ]  # fmt: skip
    spec = _spec("VISA-A (100 = no symptoms) and OSTRC (0 = no problem)", scores)
    spec["mark"] = {"type": "line", "point": True, "clip": True}
    spec["encoding"] = {
        "x": x,
        "y": {
            "field": "score",
            "type": "quantitative",
            "title": None,
            "scale": {"domain": [0, 100]},
        },
        "color": {"field": "instrument", "type": "nominal", "title": None},
        "tooltip": [
            {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
            {"field": "instrument", "type": "nominal"},
            {"field": "score", "type": "quantitative"},
        ],
    }
    add("scores", spec, f"{len(scores)} questionnaires taken.")

    add("events", *_events_chart(rows, x))
    add("wellness", *_wellness_chart(rows, x))
    return charts


def _events_chart(rows: list[TimelineDay], x: dict[str, Any]) -> tuple[Spec, str]:
    """Red flags, assessments, program and shoe changes as ticks, with their sentence."""
    events = [
        {"date": r.day.isoformat(), "kind": e.kind.replace("_", " "), "text": e.text}
        for r in rows for e in r.events
    ]  # fmt: skip
    spec = _spec("Red flags, assessments, program and shoe changes", events, height=60)
    spec["mark"] = {"type": "tick", "thickness": 3, "clip": True}
    spec["encoding"] = {
        "x": x,
        "y": {"field": "kind", "type": "nominal", "title": None},
        "color": {"field": "kind", "type": "nominal", "title": None, "legend": None},
        "tooltip": [
            {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
            {"field": "text", "type": "nominal", "title": "what"},
        ],
    }
    return spec, f"{len(events)} events."


WELLNESS_SHOWN = {
    "resting_hr_bpm": "resting heart rate (bpm)",
    "hrv_ms": "HRV (ms)",
    "sleep_h": "sleep (hours)",
}
"""The linked service's figures drawn: heart rate and HRV on the left axis, sleep on the right."""


def _wellness_chart(rows: list[TimelineDay], x: dict[str, Any]) -> tuple[Spec, str]:
    """Resting heart rate and HRV (left axis) and hours of sleep (right axis), with the sentence
    that stands in for the chart."""
    values = [
        {"date": r.day.isoformat(), "figure": label, "value": round(r.wellness[name], 1)}
        for r in rows
        for name, label in WELLNESS_SHOWN.items()
        if name in r.wellness
    ]
    spec = _spec("Resting heart rate, HRV and sleep from intervals.icu", values)
    tooltip = [
        {"field": "date", "type": "temporal", "format": "%a %d %b %Y"},
        {"field": "figure", "type": "nominal"},
        {"field": "value", "type": "quantitative"},
    ]
    colour = {"field": "figure", "type": "nominal", "title": None}

    def layer(where: str, orient: str) -> Spec:
        return {
            "transform": [{"filter": where}],
            "mark": {"type": "line", "point": True, "clip": True},
            "encoding": {
                "x": x,
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"orient": orient},
                },
                "color": colour,
                "tooltip": tooltip,
            },
        }

    sleep = WELLNESS_SHOWN["sleep_h"]
    spec["layer"] = [
        layer(f"datum.figure !== '{sleep}'", "left"),
        layer(f"datum.figure === '{sleep}'", "right"),
    ]
    spec["resolve"] = {"scale": {"y": "independent"}}
    days = sum(1 for r in rows if r.wellness)
    means = []
    for name, words, unit, digits in (
        ("sleep_h", "sleep", "hours", 1),
        ("resting_hr_bpm", "resting heart rate", "bpm", 0),
    ):
        found = [r.wellness[name] for r in rows if name in r.wellness]
        if found:
            means.append(f"{words} {sum(found) / len(found):.{digits}f} {unit}")
    average = f" On average: {', '.join(means)}." if means else ""
    days_text = "1 day" if days == 1 else f"{days} days"
    return spec, f"{days_text} with figures from intervals.icu.{average}"


def week_rows(timeline: Timeline, units: Units) -> list[WeekRow]:
    """The timeline by week (Monday first): the table behind the charts."""
    weeks: dict[date, list[TimelineDay]] = {}
    for row in timeline.rows:
        weeks.setdefault(row.day - timedelta(days=row.day.weekday()), []).append(row)
    out = []
    for start, days in weeks.items():
        pain_left = [d.morning_pain["left"] for d in days if "left" in d.morning_pain]
        pain_right = [d.morning_pain["right"] for d in days if "right" in d.morning_pain]
        stiffness = [v for d in days for v in d.morning_stiffness_min.values()]
        scores = ", ".join(
            f"{INSTRUMENT_LABELS.get(k, k)} {v}" for d in days for k, v in d.scores.items()
        )
        out.append(
            WeekRow(
                start,
                round(metres_to(sum(d.distance_m for d in days), units), 1),
                sum(d.runs for d in days),
                max(pain_left, default=None),
                max(pain_right, default=None),
                max(stiffness, default=None),
                scores,
                sum(len(d.events) for d in days),
            )
        )
    return out


__all__ = ["ACWR_SHOWN_MAX", "TimelineChart", "WeekRow", "timeline_charts", "week_rows"]
