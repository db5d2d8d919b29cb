"""The one-page PDF report for the clinic record: decision history, charts, insights beside the
runner's shoes, questionnaire scores, program and adherence — HTML printed by WeasyPrint, charts rendered to SVG from the same
Vega-Lite specs as the pages (vl-convert, no browser)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from statistics import mean
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from achillescare.domain.runner import Runner
from achillescare.errors import NotFound, ReportUnavailable
from achillescare.services import programs
from achillescare.services.checkins import list_responses
from achillescare.services.decisions import decision_history
from achillescare.storage.db import Store
from achillescare.web.charts import Spec, runner_charts
from achillescare.web.view_models.insights import insights_panel
from achillescare.web.view_models.runner import today_view
from achillescare.web.view_models.shoes import shoes_view

HISTORY_DAYS = 28
REPORT_CHARTS = ("weekly", "acwr", "visa")
PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF for accessibility (WeasyPrint sets the structure tree, language and title)."""
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


@dataclass(frozen=True, slots=True)
class ProgramSummary:
    mode: str
    location: str
    phase: int
    since: date
    sessions_done: int
    exercises_done: int
    mean_pain: float | None


def _svg(spec: Spec, alt: str) -> Markup:
    """The chart as inline SVG whose ``<title>`` is its text alternative: WeasyPrint writes an
    SVG's title as the ``/Alt`` of its Figure in the tagged PDF (ISO 14289-1, PDF/UA, 7.3)."""
    import vl_convert  # noqa: PLC0415  (a large engine: loaded only for reports)

    sized: dict[str, Any] = json.loads(json.dumps(spec))
    sized["width"] = 300
    sized["height"] = 90
    svg = vl_convert.vegalite_to_svg(sized)
    start = svg.index(">", svg.index("<svg")) + 1
    titled = f"{svg[:start]}<title>{escape(alt)}</title>{svg[start:]}"
    return Markup(titled)  # noqa: S704  (SVG made by vl-convert, the title escaped)


def _numbers(values: list[float | None], unit: str = "") -> str:
    shown = ", ".join("none" if v is None else f"{v:g}" for v in values)
    return f"{shown}{unit}"


def chart_text(name: str, spec: Spec, units: str) -> str:
    """What one report chart shows, in a sentence or two: the text alternative of its image
    (a reader who cannot see the chart gets the same numbers)."""
    values: list[dict[str, Any]] = spec["data"]["values"]
    if not values:
        return f"{spec['description']}: no data yet."
    if name == "weekly":
        return (
            f"{spec['description']}, {len(values)} weeks from {values[0]['week']}, oldest first. "
            f"Distance: {_numbers([v['distance'] for v in values], ' ' + units)}. "
            f"Mean morning pain out of 10: {_numbers([v['pain'] for v in values])}."
        )
    if name == "acwr":
        ratios = [v["acwr"] for v in values]
        return (
            f"{spec['description']}, {len(values)} days from {values[0]['date']} to "
            f"{values[-1]['date']}: from {min(ratios):g} to {max(ratios):g}, "
            f"{ratios[-1]:g} on the last day."
        )
    scores = "; ".join(f"{v['score']} on {v['date']}" for v in values)
    return f"{spec['description']}: {scores}."


def _program(store: Store, runner: Runner, today: date) -> ProgramSummary | None:
    try:
        state = programs.current_program(store, runner)
    except NotFound:
        return None
    entries = programs.adherence(store, runner, today - timedelta(days=HISTORY_DAYS - 1), today)
    pains = [e.pain_during for e in entries if e.pain_during is not None]
    return ProgramSummary(
        mode=state.mode,
        location=state.location.replace("_", "-"),
        phase=state.phase,
        since=state.started_on,
        sessions_done=len({(e.done_on, e.kind) for e in entries}),
        exercises_done=sum(1 for e in entries if e.exercise_id is not None),
        mean_pain=round(mean(pains), 1) if pains else None,
    )


def report_html(store: Store, runner: Runner, today: date, prepared_for: str) -> str:
    """The report as HTML (what the PDF prints; also handy to check in a browser)."""
    view = today_view(store, runner, today, can_edit=False)
    history = decision_history(store, runner, today - timedelta(days=HISTORY_DAYS - 1))
    charts = runner_charts(store, runner, today)
    responses = list_responses(store, runner)[-8:]
    insights = insights_panel(store, runner, today)
    shoes = shoes_view(store, runner).shoes
    return _env.get_template("report.html").render(
        insights=insights,
        insight_charts={
            item.chart_id: _svg(item.spec, item.text) for item in insights.items if item.spec
        },
        view=view,
        history=history,
        charts=[
            (
                charts[name]["description"],
                _svg(charts[name], chart_text(name, charts[name], runner.units.value)),
            )
            for name in REPORT_CHARTS
        ],
        responses=responses,
        program=_program(store, runner, today),
        shoes=[s for s in shoes if s.retired_on is None],  # the page has room for few
        retired_shoes=sum(1 for s in shoes if s.retired_on is not None),
        prepared_for=prepared_for,
        today=today,
    )


def report_pdf(store: Store, runner: Runner, today: date, prepared_for: str) -> bytes:
    """The one-page PDF (A4), tagged as PDF/UA-1 (ISO 14289-1): headings, lists, tables and
    figures carry their structure and the charts their text, for screen readers and reflow."""
    try:
        from weasyprint import HTML  # noqa: PLC0415  (needs Pango; loaded only for reports)
    except OSError as error:
        raise ReportUnavailable(f"the PDF report needs Pango on this machine: {error}") from None
    pdf: bytes = HTML(string=report_html(store, runner, today, prepared_for)).write_pdf(
        pdf_variant=PDF_VARIANT
    )
    return pdf
