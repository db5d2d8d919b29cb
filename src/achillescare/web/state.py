"""What the app keeps between requests, typed: the store, the clock, the templates, the queue of
background imports and the dashboard caches (bounded LRUs, :mod:`achillescare.caches`).

One :class:`AppState` per app, set by :func:`~achillescare.web.app.create_app` and read with
:func:`state_of`, instead of loose attributes on Starlette's untyped ``app.state`` that each
reader had to annotate (and could misspell) on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from fastapi import Request
from fastapi.templating import Jinja2Templates

from achillescare.caches import LRU
from achillescare.services.jobs import JobQueue
from achillescare.storage.db import Store
from achillescare.web.view_models.clinic import DashboardCache, Summaries, new_summaries
from achillescare.web.view_models.models import ClinicView

RENDERED_DASHBOARDS_CAPACITY = 256
"""Rendered dashboard pages kept per app (tens of kB each), one per specialist."""

RenderedDashboards = LRU[int, tuple[ClinicView, bytes]]
"""Specialist's user id → (the cached dashboard view, that view rendered as the page)."""


@dataclass(frozen=True, slots=True)
class AppState:
    """The app's store, its clock (timezone-aware; tests and the demo pin "now"), its templates
    and whether it runs the demo; then the caches of the specialist's dashboard."""

    store: Store
    clock: Callable[[], datetime]
    templates: Jinja2Templates
    demo: bool = False
    jobs: JobQueue = field(kw_only=True)
    """Where uploads go to be imported in the background (:mod:`achillescare.services.jobs`)."""
    summaries: Summaries = field(default_factory=new_summaries)
    """Logged decision → dashboard line."""
    dashboards: DashboardCache = field(default_factory=DashboardCache)
    """(specialist, day) → the dashboard, stamped with the store's fingerprint."""
    rendered_dashboards: RenderedDashboards = field(
        default_factory=lambda: RenderedDashboards(RENDERED_DASHBOARDS_CAPACITY)
    )


def state_of(request: Request) -> AppState:
    """The state of the app serving ``request``."""
    state = request.app.state.achilles
    if not isinstance(state, AppState):
        raise TypeError("the app was not made by achillescare.web.create_app")
    return state
