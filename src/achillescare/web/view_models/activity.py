"""One activity's page and the runner's paged activity list: the view models the pages render
and the JSON API returns (the same model, so the page shows exactly what the JSON says)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query
from pydantic import BaseModel, Field

from achillescare.domain.activity.records import SPORT_CHOICES, Activity
from achillescare.domain.activity.splits import Split, profile, splits
from achillescare.domain.activity.usual import USUAL_DAYS, achilles_features, source_label
from achillescare.domain.runner import Runner
from achillescare.domain.units import (
    Units,
    format_distance,
    format_duration,
    format_pace,
    pace_s_per_unit,
)
from achillescare.services.activities import SORTS, activity_detail, activity_page
from achillescare.storage.db import Store
from achillescare.web.activity_charts import activity_charts
from achillescare.web.view_models.models import ActivityOut, RunnerOut, ShoeChoiceOut
from achillescare.web.view_models.runner import activity_out, runner_out, shoe_names

Sort = Literal["date", "distance", "duration"]
Order = Literal["asc", "desc"]


class SplitOut(BaseModel):
    number: int
    distance_m: float
    moving_s: float
    label: str = Field(description="The split's number; with its length when it is shorter.")
    time_text: str
    pace_text: str
    elevation_text: str = Field(description="Metres up and down in the split; empty: unknown.")
    avg_hr_bpm: float | None
    avg_cadence_spm: float | None


class FeatureOut(BaseModel):
    """One Achilles feature of the run and the runner's usual (median of the runs before)."""

    id: Literal["uphill", "fast", "strides"]
    value: float = Field(description="uphill_m, fast minutes or strides.")
    usual: float | None = Field(
        description=f"Median over the {USUAL_DAYS} days before; null: none."
    )
    usual_runs: int
    text: str = Field(description="One sentence, e.g. 'Uphill 180 m, about 3× your usual 60 m.'")


class ChartOut(BaseModel):
    name: str
    title: str
    spec: dict[str, Any] = Field(description="A Vega-Lite spec, data inline.")
    summary: str = Field(description="The chart in one sentence (its text alternative).")


class ActivityDetailView(BaseModel):
    """Everything the activity page shows."""

    runner: RunnerOut
    activity: ActivityOut
    title: str
    sport_text: str
    when_text: str = Field(description="Local date and time with the UTC offset.")
    source_text: str = Field(description="Where it came from, in words.")
    distance_text: str
    moving_text: str
    elapsed_text: str
    pace_text: str
    elevation_text: str
    heart_rate_text: str
    cadence_text: str
    features: list[FeatureOut]
    split_unit: Literal["km", "mi"]
    splits: list[SplitOut]
    charts: list[ChartOut]
    warnings: list[str]
    can_edit: bool
    sport_choices: list[str]


def _sport_text(sport: str) -> str:
    return sport.replace("_", " ").capitalize()


def _offset_text(offset_s: int) -> str:
    sign = "+" if offset_s >= 0 else "−"
    hours, rest = divmod(abs(offset_s), 3600)
    return f"UTC{sign}{hours:02d}:{rest // 60:02d}"


def _features(activity: Activity, before: list[Activity], units: Units) -> list[FeatureOut]:
    """Uphill, fast minutes and strides, each beside the runner's usual."""
    return [
        FeatureOut(id=f.id, value=f.value, usual=f.usual, usual_runs=f.usual_runs, text=f.text)
        for f in achilles_features(activity, before, units)
    ]


def _split_out(split: Split, units: Units, full: float) -> SplitOut:
    short = split.distance_m < full - 1
    elevation = ""
    if split.elevation_gain_m is not None and split.elevation_loss_m is not None:
        up, down = abs(split.elevation_gain_m), abs(split.elevation_loss_m)
        elevation = f"+{up:.0f} / −{down:.0f} m"
    return SplitOut(
        number=split.number,
        distance_m=round(split.distance_m, 1),
        moving_s=round(split.moving_s, 1),
        label=f"{split.number} ({format_distance(split.distance_m, units, 2)})"
        if short
        else str(split.number),
        time_text=format_duration(split.moving_s),
        pace_text=format_pace(pace_s_per_unit(split.distance_m, split.moving_s, units), units),
        elevation_text=elevation,
        avg_hr_bpm=None if split.avg_hr_bpm is None else round(split.avg_hr_bpm),
        avg_cadence_spm=None if split.avg_cadence_spm is None else round(split.avg_cadence_spm),
    )


def _or_dash(value: float | None, pattern: str) -> str:
    return "–" if value is None else pattern.format(value)


def activity_detail_view(
    store: Store, runner: Runner, activity_id: int, *, can_edit: bool
) -> ActivityDetailView:
    """The page of one of the runner's activities (:class:`NotFound` if it is not theirs)."""
    detail = activity_detail(store, runner, activity_id)
    a, units = detail.activity, runner.units
    streams = detail.streams
    pace = pace_s_per_unit(a.distance_m, a.moving_s, units) if a.is_run else None
    points = profile(streams) if streams is not None else []
    found_splits = splits(streams, units.metres) if streams is not None else []
    local = a.start_local
    elevation = "–"
    if a.elevation_gain_m is not None:
        elevation = f"{a.elevation_gain_m:.0f} m up"
        if a.elevation_loss_m is not None:
            elevation += f", {a.elevation_loss_m:.0f} m down"
    heart_rate = _or_dash(a.avg_hr_bpm, "{:.0f} bpm on average")
    if a.avg_hr_bpm is not None and a.max_hr_bpm is not None:
        heart_rate += f", {a.max_hr_bpm:.0f} at most"
    return ActivityDetailView(
        runner=runner_out(runner),
        activity=activity_out(a, units),
        title=a.name or f"{_sport_text(a.sport)} on {local:%A %d %B %Y}",
        sport_text=_sport_text(a.sport),
        when_text=f"{local:%A %d %B %Y, %H:%M} ({_offset_text(a.utc_offset_s)})",
        source_text=source_label(a.source, a.source_kind),
        distance_text=format_distance(a.distance_m, units, 2),
        moving_text=format_duration(a.moving_s),
        elapsed_text=format_duration(a.duration_s),
        pace_text=format_pace(pace, units) if a.is_run else "–",
        elevation_text=elevation,
        heart_rate_text=heart_rate,
        cadence_text=_or_dash(a.avg_cadence_spm, "{:.0f} steps per minute"),
        features=_features(a, detail.before, units) if a.is_run else [],
        split_unit=units.value,
        splits=[_split_out(s, units, units.metres) for s in found_splits],
        charts=[
            ChartOut(name=c.name, title=c.title, spec=c.spec, summary=c.summary)
            for c in activity_charts(points, units)
        ],
        warnings=list(a.warnings),
        can_edit=can_edit,
        sport_choices=list(SPORT_CHOICES),
    )


class PageLink(BaseModel):
    label: str
    url: str
    current: bool = False


class ActivityListView(BaseModel):
    """One page of the runner's activities, with the links that keep the filter and order."""

    runner: RunnerOut
    activities: list[ActivityOut]
    total: int = Field(description="Activities matching the filter, on every page.")
    page: int
    pages: int
    per_page: int
    sport: str | None
    sort: Sort
    order: Order
    sports: list[str] = Field(description="The sports among the runner's activities.")
    shoes: list[ShoeChoiceOut] = Field(
        default_factory=list, description="The runner's shoes, to say which one a run was in."
    )
    sort_links: dict[str, PageLink] = Field(
        description="Per column (date, distance, duration): the list sorted by it (reversed "
        "when it is the current order)."
    )
    previous_url: str | None
    next_url: str | None
    page_links: list[PageLink]


DEFAULT_PER_PAGE = 50
"""Activities on one page of the list, unless asked otherwise."""


class ActivityListParams(BaseModel):
    """What the list is asked for: one definition for the page's and the API's query."""

    sport: str | None = Field(default=None, max_length=40, description="Only this sport.")
    sort: Sort = "date"
    order: Order = "desc"
    page: int = Field(default=1, ge=1, le=1_000_000, description="From 1.")
    limit: int = Field(default=DEFAULT_PER_PAGE, ge=1, le=1000, description="Activities per page.")

    def view(self, store: Store, runner: Runner, base: str) -> ActivityListView:
        return activity_list_view(
            store,
            runner,
            base,
            sport=self.sport,
            sort=self.sort,
            order=self.order,
            page=self.page,
            per_page=self.limit,
        )


ActivityListQuery = Annotated[ActivityListParams, Query()]


def _url(base: str, sport: str | None, sort: str, order: str, *, page: int, per_page: int) -> str:
    query = {
        "sport": sport,
        "sort": sort,
        "order": order,
        "limit": per_page if per_page != DEFAULT_PER_PAGE else None,
        "page": page if page > 1 else None,
    }
    return f"{base}?{urlencode({k: v for k, v in query.items() if v is not None})}"


def activity_list_view(
    store: Store,
    runner: Runner,
    base: str,
    *,
    sport: str | None = None,
    sort: Sort = "date",
    order: Order = "desc",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> ActivityListView:
    """Page ``page`` of the runner's activities; every link keeps the sport and the order."""
    found = activity_page(
        store,
        runner,
        sport=sport or None,
        sort=sort,
        descending=order == "desc",
        page=page,
        per_page=per_page,
    )
    current = found.sport
    sort_links = {}
    for column in SORTS:
        flipped = "asc" if order == "desc" else "desc"
        next_order = flipped if column == sort else "desc"
        label = {"date": "Date", "distance": "Distance", "duration": "Time"}[column]
        sort_links[column] = PageLink(
            label=label,
            url=_url(base, current, column, next_order, page=1, per_page=found.per_page),
            current=column == sort,
        )
    near = sorted({1, found.pages, *range(max(1, found.page - 2), found.page + 3)})
    names = shoe_names(store, runner)
    return ActivityListView(
        runner=runner_out(runner),
        shoes=[ShoeChoiceOut(id=i, name=name) for i, name in names.items()],
        activities=[activity_out(a, runner.units, names) for a in found.activities],
        total=found.total,
        page=found.page,
        pages=found.pages,
        per_page=found.per_page,
        sport=current,
        sort=sort,
        order=order,
        sports=found.sports,
        sort_links=sort_links,
        previous_url=_url(base, current, sort, order, page=found.page - 1, per_page=found.per_page)
        if found.page > 1
        else None,
        next_url=_url(base, current, sort, order, page=found.page + 1, per_page=found.per_page)
        if found.page < found.pages
        else None,
        page_links=[
            PageLink(
                label=str(n),
                url=_url(base, current, sort, order, page=n, per_page=found.per_page),
                current=n == found.page,
            )
            for n in near
            if n <= found.pages
        ],
    )


__all__ = ["ActivityDetailView", "ActivityListView", "activity_detail_view", "activity_list_view"]
