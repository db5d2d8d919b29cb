"""Vega-Lite specs of a runner's charts: plain JSON, one definition for the page and the PDF.

* weekly running distance with the week's mean morning pain overlaid;
* the rolling acute:chronic workload ratio with its bands (0.8 / 1.3 / 1.5, Gabbett 2016 —
  shown as context only: Impellizzeri et al. 2020 and Frandsen et al. 2025 argue against reading
  it as a risk threshold, see the load rules);
* VISA-A over time (0–100, Robinson et al. 2001), with 90 marked as "recovered" (house);
* morning pain, and morning stiffness, per day and side;
* for each likely personal insight, the mean morning after runs with the feature and after
  the runner's other runs.

The browser draws them with the vendored vega-embed; the specs are tested as data.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import numpy as np

from achillescare.domain.insights import Association
from achillescare.domain.load.kernels import ACWR_BANDS
from achillescare.domain.load.table import load_table
from achillescare.domain.runner import Runner
from achillescare.domain.units import metres_to
from achillescare.services.activities import list_activities
from achillescare.services.checkins import list_checkins, list_responses
from achillescare.services.load import load_report
from achillescare.storage.db import Store

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WEEKS = 12
Spec = dict[str, Any]


def _base(title: str, values: list[dict[str, Any]]) -> Spec:
    """``description`` is the chart's caption (the page prints it above, so no Vega title)."""
    return {
        "$schema": SCHEMA,
        "description": title,
        "width": "container",
        "height": 180,
        "data": {"values": values},
    }


def weekly_distance_spec(store: Store, runner: Runner, today: date) -> Spec:
    """Bars of weekly distance (runner's units), a line of the week's mean morning pain."""
    weeks = load_report(store, runner, as_of=today, weeks=WEEKS).weeks
    pains: dict[date, list[int]] = defaultdict(list)
    first = weeks[0].week_start if weeks else today
    for checkin in list_checkins(store, runner, since=first, until=today):
        if checkin.morning_pain is not None:
            start = first + timedelta(days=7 * ((checkin.date - first).days // 7))
            pains[start].append(checkin.morning_pain)
    values = [
        {
            "week": w.week_start.isoformat(),
            "distance": round(metres_to(w.distance_m, runner.units), 1),
            "pain": round(float(np.mean(pains[w.week_start])), 1) if pains[w.week_start] else None,
        }
        for w in weeks
    ]
    spec = _base("Weekly distance and morning pain", values)
    week = {"field": "week", "type": "ordinal", "timeUnit": "monthdate", "title": "Week from"}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": "#0b5cad"},
            "encoding": {
                "x": week,
                "y": {"field": "distance", "type": "quantitative", "title": runner.units.value},
            },
        },
        {
            "mark": {"type": "line", "color": "#b00020", "point": True},
            "encoding": {
                "x": week,
                "y": {
                    "field": "pain",
                    "type": "quantitative",
                    "title": "morning pain (0–10)",
                    "scale": {"domain": [0, 10]},
                },
            },
        },
    ]
    spec["resolve"] = {"scale": {"y": "independent"}}
    return spec


def acwr_spec(store: Store, runner: Runner, today: date) -> Spec:
    """The rolling ACWR per day over the last 12 weeks, on its bands."""
    runs = [a for a in list_activities(store, runner, until=today) if a.counts_for_load]
    values: list[dict[str, Any]] = []
    if runs:
        table = load_table(
            np.zeros(len(runs), dtype=np.int64),
            np.array([a.start_local.date() for a in runs], dtype="datetime64[D]"),
            np.array([a.distance_m for a in runs]),
            until=today,
        )
        since = np.datetime64(today - timedelta(weeks=WEEKS), "D")
        for day, ratio in zip(table["date"], table["acwr_rolling"], strict=True):
            if day >= since and not np.isnan(ratio):
                values.append({"date": str(day), "acwr": round(float(ratio), 2)})
    low, ok, caution = ACWR_BANDS
    spec = _base("Acute:chronic workload ratio (context only)", values)
    spec["layer"] = [
        {
            "data": {
                "values": [
                    {"from": 0, "to": low, "band": "low"},
                    {"from": low, "to": ok, "band": "usual"},
                    {"from": ok, "to": caution, "band": "caution"},
                    {"from": caution, "to": 3, "band": "high"},
                ]
            },
            "mark": {"type": "rect", "opacity": 0.15},
            "encoding": {
                "y": {"field": "from", "type": "quantitative", "title": "ACWR"},
                "y2": {"field": "to"},
                "color": {
                    "field": "band",
                    "type": "nominal",
                    "scale": {
                        "domain": ["low", "usual", "caution", "high"],
                        "range": ["#4a5360", "#1e6b32", "#8a5a00", "#b00020"],
                    },
                },
            },
        },
        {
            "mark": {"type": "line", "color": "#1b1f24"},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": None},
                "y": {"field": "acwr", "type": "quantitative", "scale": {"domain": [0, 3]}},
            },
        },
    ]
    return spec


def visa_spec(store: Store, runner: Runner) -> Spec:
    """VISA-A totals over time; 90 marks "recovered"."""
    values = [
        {"date": r.taken_on.isoformat(), "score": r.score}
        for r in list_responses(store, runner, "visa_a")
    ]
    spec = _base("VISA-A (100 = no symptoms)", values)
    spec["layer"] = [
        {
            "mark": {"type": "line", "point": True, "color": "#0b5cad"},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": None},
                "y": {
                    "field": "score",
                    "type": "quantitative",
                    "scale": {"domain": [0, 100]},
                    "title": "VISA-A",
                },
            },
        },
        {
            "data": {"values": [{"y": 90}]},
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#1e6b32"},
            "encoding": {"y": {"field": "y", "type": "quantitative"}},
        },
    ]
    return spec


def morning_spec(store: Store, runner: Runner, today: date, measure: str) -> Spec:
    """Morning pain (0–10) or stiffness (minutes), per day and side, the last 12 weeks."""
    since = today - timedelta(weeks=WEEKS)
    field = "morning_pain" if measure == "pain" else "morning_stiffness_min"
    values = [
        {"date": c.date.isoformat(), "side": c.side, "value": getattr(c, field)}
        for c in list_checkins(store, runner, since=since, until=today)
        if getattr(c, field) is not None
    ]
    title = "Morning pain (0–10)" if measure == "pain" else "Morning stiffness (minutes)"
    spec = _base(title, values)
    spec["height"] = 120
    scale = {"domain": [0, 10]} if measure == "pain" else {"zero": True}
    spec["mark"] = {"type": "line", "point": True}
    spec["encoding"] = {
        "x": {"field": "date", "type": "temporal", "title": None},
        "y": {"field": "value", "type": "quantitative", "title": None, "scale": scale},
        "color": {"field": "side", "type": "nominal", "title": "side"},
    }
    return spec


def insight_spec(association: Association, label: str) -> Spec:
    """Two bars: the mean morning after runs with the feature and after the runner's other runs
    (raw means; the sentence's difference is the one at equal distance and previous morning)."""
    pain = association.outcome == "morning_pain"
    measure = "morning pain (0–10)" if pain else "morning stiffness (minutes)"
    when = "next" if association.lag_days == 1 else "second"
    values = [
        {"runs": label, "mean": round(association.mean_exposed or 0.0, 1),
         "mornings": association.n_exposed},
        {"runs": "your other runs", "mean": round(association.mean_unexposed or 0.0, 1),
         "mornings": association.n_unexposed},
    ]  # fmt: skip
    spec = _base(f"Mean {measure} the {when} morning", values)
    spec["height"] = 70
    spec["mark"] = {"type": "bar", "color": "#0b5cad"}
    spec["encoding"] = {
        "y": {"field": "runs", "type": "nominal", "title": None, "sort": None},
        "x": {
            "field": "mean",
            "type": "quantitative",
            "title": measure,
            "scale": {"domain": [0, 10]} if pain else {"zero": True},
        },
        "tooltip": [{"field": "mean"}, {"field": "mornings"}],
    }
    return spec


def runner_charts(store: Store, runner: Runner, today: date) -> dict[str, Spec]:
    """Every chart of a runner, by name."""
    return {
        "weekly": weekly_distance_spec(store, runner, today),
        "acwr": acwr_spec(store, runner, today),
        "visa": visa_spec(store, runner),
        "pain": morning_spec(store, runner, today, "pain"),
        "stiffness": morning_spec(store, runner, today, "stiffness"),
    }
