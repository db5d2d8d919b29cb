"""The caches kept per open store, built on the one policy of :mod:`achillescare.caches`.

The web app's own caches (the specialist's dashboard) live in :mod:`achillescare.web.state`; an
import keeps its open archives in its :class:`~achillescare.importers.sources.Discovery`.
"""

from __future__ import annotations

from datetime import date

from achillescare.caches import LRU, PerOwner
from achillescare.domain.decision.daily import TrainingFacts
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


def forget_runner(store: Store, runner_id: int) -> int:
    """Drop a deleted runner's entries from the store's caches; how many went."""
    return training_cache(store).discard_where(lambda key: key[0] == runner_id)
