"""The training half of the daily decision, computed once per runner, day and training revision.

Every check-in asks for the decision again, but a check-in changes none of the training inputs
(stored runs, their fast features, logged exercise sessions). Rebuilding the load signals from
the whole history on each one was most of a check-in's work, and grew with the history: 2.8 ms
for 8 weeks of runs, 11.3 ms for 3 years (``benchmarks/web_bench.py --weeks``). So the
facts are kept per store in a small LRU keyed on the runner's ``training_revision``, which the
storage layer bumps in the same transaction as every write to those inputs
(:func:`~achillescare.storage.repos.runners.bump_training_revision`). The revision is read in the
caller's transaction, so a run imported by the CLI in another process is seen at the next
decision; nothing is ever served for a revision other than the one the database holds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from weakref import WeakKeyDictionary

from achillescare.domain.decision.daily import TrainingFacts
from achillescare.domain.decision.inputs import training_from_series
from achillescare.domain.runner import Runner
from achillescare.services.load import runner_series
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo

TrainingKey = tuple[int, date, int, str, float | None, str | None]
"""(runner id, day, training revision, units, fast threshold in force, time zone): everything
the facts are computed from besides the stored inputs the revision stands for."""

CAPACITY = 4096
"""Runner-days kept per store (a few kB each): a clinic's runners for a day, several times."""


class TrainingCache:
    """A thread-safe LRU of training facts (the web server decides on many threads at once)."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._facts: OrderedDict[TrainingKey, TrainingFacts] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: TrainingKey) -> TrainingFacts | None:
        with self._lock:
            found = self._facts.get(key)
            if found is not None:
                self._facts.move_to_end(key)
            return found

    def put(self, key: TrainingKey, facts: TrainingFacts) -> None:
        with self._lock:
            self._facts[key] = facts
            self._facts.move_to_end(key)
            while len(self._facts) > self.capacity:
                self._facts.popitem(last=False)

    def __len__(self) -> int:
        return len(self._facts)


_CACHES: WeakKeyDictionary[Store, TrainingCache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def training_cache(store: Store) -> TrainingCache:
    """The cache of this store (one per open store, dropped with it)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = TrainingCache()
        return cache


def training_facts(store: Store, runner: Runner, day: date) -> TrainingFacts:
    """The runner's load signals and run facts as of ``day`` (``exercise_pain`` left empty: it is
    read fresh by the decision), from the cache while the training revision is unchanged."""
    with store.shared() as session:
        revision = runners_repo.training_revision(session, runner.id)
        if revision is None:  # no such runner (deleted meanwhile): compute, keep nothing
            return training_from_series(runner_series(store, runner, day), day, runner.units)
        key: TrainingKey = (
            runner.id,
            day,
            revision,
            runner.units.value,
            runner.effective_fast_speed_m_s,
            runner.timezone,
        )
        cache = training_cache(store)
        found = cache.get(key)
        if found is not None:
            return found
        facts = training_from_series(runner_series(store, runner, day), day, runner.units)
        cache.put(key, facts)
        return facts
