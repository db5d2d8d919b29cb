"""The personal insights as the runner's page, the specialist's view and the report show them:
the summary sentence, then the likely and possible associations, ranked, each likely one with a
small chart and the same numbers as a table (the chart's text alternative)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from achillescare.domain.insights import Insights
from achillescare.domain.insights.associations import feature_label
from achillescare.domain.runner import Runner
from achillescare.services.insights import cached_insights
from achillescare.storage.db import Store
from achillescare.web.charts import Spec, insight_spec

SHOWN = 5
"""Associations listed at most: the strongest; the CLI and the JSON list every comparison."""


@dataclass(frozen=True, slots=True)
class InsightRow:
    """One row of a chart's table: which runs, the mean morning after them, how many mornings."""

    runs: str
    mean: float
    mornings: int


@dataclass(frozen=True, slots=True)
class InsightItem:
    """One association as shown: the sentence, its verdict, and for a likely one its chart."""

    text: str
    verdict: str
    chart_id: str | None = None
    spec: Spec | None = None
    rows: tuple[InsightRow, ...] = ()


@dataclass(frozen=True, slots=True)
class InsightsPanel:
    summary: str
    items: tuple[InsightItem, ...]


def insights_panel_of(result: Insights, runner: Runner) -> InsightsPanel:
    """The panel of computed insights (likely ones carry a chart)."""
    items: list[InsightItem] = []
    for index, association in enumerate(result.shown()[:SHOWN]):
        if association.verdict != "likely":
            items.append(InsightItem(association.text, association.verdict))
            continue
        label = feature_label(association.feature, runner.units).split(" (")[0]
        spec = insight_spec(association, label)
        rows = tuple(
            InsightRow(str(v["runs"]), float(v["mean"]), int(v["mornings"]))
            for v in spec["data"]["values"]
        )
        items.append(
            InsightItem(association.text, association.verdict, f"insight-{index}", spec, rows)
        )
    return InsightsPanel(result.summary(), tuple(items))


def insights_panel(store: Store, runner: Runner, today: date) -> InsightsPanel:
    """The runner's insights from the store, up to ``today``."""
    return insights_panel_of(cached_insights(store, runner, today), runner)


class AssociationOut(BaseModel):
    """One comparison of ``achilles insights --json``."""

    feature: str
    lag_days: int
    outcome: str
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    unit: str
    n_exposed: int
    n_unexposed: int
    verdict: str
    text: str


class InsightsOut(BaseModel):
    """Every comparison, ranked, and the mornings after runs they rest on."""

    associations: list[AssociationOut]
    mornings: int

    @classmethod
    def of(cls, payload: dict[str, Any]) -> InsightsOut:
        return cls.model_validate(payload)
