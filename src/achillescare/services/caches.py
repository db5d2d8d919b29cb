"""The caches kept per open store, built on the one policy of :mod:`achillescare.caches`.

The web app's own caches (the specialist's dashboard) live in :mod:`achillescare.web.state`; an
import keeps its open archives in its :class:`~achillescare.importers.sources.Discovery`.
"""

from __future__ import annotations

from datetime import date

from achillescare.caches import LRU, PerOwner
from achillescare.domain.decision.daily import TrainingFacts
from achillescare.domain.insights import Insights
from achillescare.storage.db import Store

TrainingKey = tuple[int, date, int, str, float | None, str | None]
"""(runner id, day, training revision, units, fast threshold in force, time zone): everything
the training facts (:mod:`achillescare.services.training`) are computed from besides the stored
inputs the revision stands for."""

TRAINING_FACTS_CAPACITY = 4096
"""Runner-days kept per store (a few kB each): a clinic's runners for a day, several times."""

training_cache: PerOwner[Store, LRU[TrainingKey, TrainingFacts]] = PerOwner(
    lambda: LRU[TrainingKey, TrainingFacts](TRAINING_FACTS_CAPACITY)
)
"""``training_cache(store)``: that store's training facts (one cache per open store)."""


InsightsKey = tuple[int, date, tuple[int, ...], str, float | None, str | None]
"""(runner id, day, input version, units, fast threshold in force, time zone): the input
version (:func:`achillescare.storage.repos.clinic.insight_versions`) stands for the stored runs,
shoes, prevention sessions and check-ins; the rest is the profile the runs are read with."""

INSIGHTS_CAPACITY = 2048
"""Runner-days of insights kept per store (some 50 comparisons, a few kB each): every runner of
a large clinic for today and yesterday, where computing them costs tens of milliseconds each."""

insights_cache: PerOwner[Store, LRU[InsightsKey, Insights]] = PerOwner(
    lambda: LRU[InsightsKey, Insights](INSIGHTS_CAPACITY)
)
"""``insights_cache(store)``: that store's personal insights (:mod:`.insights`)."""


def forget_runner(store: Store, runner_id: int) -> int:
    """Drop a deleted runner's entries from the store's caches; how many went."""
    return training_cache(store).discard_where(lambda key: key[0] == runner_id) + insights_cache(
        store
    ).discard_where(lambda key: key[0] == runner_id)
