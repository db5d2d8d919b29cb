"""The training half of the daily decision, computed once per runner, day and training revision.

Every check-in asks for the decision again, but a check-in changes none of the training inputs
(stored runs, their fast features, logged exercise sessions). Rebuilding the load signals from
the whole history on each one was most of a check-in's work, and grew with the history: 2.8 ms
for 8 weeks of runs, 11.3 ms for 3 years (``benchmarks/web_bench.py --weeks``). So the
facts are kept per store in a bounded LRU (:data:`achillescare.services.caches.training_cache`) keyed on the runner's ``training_revision``, which the
storage layer bumps in the same transaction as every write to those inputs
(:func:`~achillescare.storage.repos.runners.bump_training_revision`). The revision is read in the
caller's transaction, so a run imported by the CLI in another process is seen at the next
decision; nothing is ever served for a revision other than the one the database holds.
"""

from __future__ import annotations

from datetime import date

from achillescare.domain.decision.daily import TrainingFacts
from achillescare.domain.decision.inputs import training_from_series
from achillescare.domain.runner import Runner
from achillescare.services.caches import TrainingKey, training_cache
from achillescare.services.load import runner_series
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo


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
