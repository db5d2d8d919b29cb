"""Time of the clinic-wide insights summary, from an empty cache and from a warm one.

A real SQLite store gets one specialist and ``--runners`` runners sharing with them, each with
``--days`` of simulated runs and mornings (:func:`achillescare.demo.planted.simulate_runner`,
hills planted in every third runner). Then, timed:

- **cold**: the summary with nothing cached (the day's first, if the server's warm-up has not
  run yet): every runner's inputs read and their insights computed (the bootstrap);
- **warm**: the summary again, nothing changed: two version queries and cache hits;
- **one check-in**: one runner checks in, then the summary (that runner computed again);
- **per runner**: one runner's insights from the store, uncached, and its two parts: reading the
  inputs (runs, shoes, check-ins, prevention days) and the computation (the bootstrap).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/clinic_insights_bench.py [--runners 30]
    [--days 365] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.demo.planted import simulate_runner, store_simulated
from achillescare.domain.accounts import User
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.insights import insights
from achillescare.services import accounts
from achillescare.services.caches import insights_cache
from achillescare.services.insights import insight_input, insights_for
from achillescare.storage.db import Store, open_store
from achillescare.storage.repos import symptoms as symptoms_repo
from achillescare.web.view_models.clinic_insights import ClinicInsightsOut, clinic_insights_view


def seed(store: Store, runners: int, days: int) -> User:
    """The specialist, and ``runners`` simulated runners who share with them."""
    now = datetime.now(UTC)
    specialist = accounts.sign_up(
        store, "bench@clinic.example", DEMO_PASSWORD, "Dr B", "specialist"
    )
    start = now.date() - timedelta(days=days + 1)
    for k in range(runners):
        user = accounts.sign_up(store, f"r{k}@runners.example", DEMO_PASSWORD, f"R {k}", "runner")
        runner = accounts.own_runner(store, user)
        planted = {"uphill": 1.5} if k % 3 == 0 else {}
        store_simulated(store, runner.id, simulate_runner(days, k, planted, start=start))
        _, code = accounts.invite_specialist(store, user, specialist.email, now)
        accounts.accept_invitation(store, specialist, code, now)
    return specialist


def timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=30)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.db"))
        specialist = seed(store, args.runners, args.days)
        runners = accounts.shared_runners(store, specialist)

        def summary() -> ClinicInsightsOut:
            return clinic_insights_view(store, specialist)

        cold, warm, after_checkin = [], [], []
        for k in range(args.repeat):
            insights_cache(store).clear()
            cold.append(timed_ms(summary))
            warm.append(timed_ms(summary))
            with store.session() as session:  # a new morning for one runner
                day = date.today() - timedelta(days=args.days + 10 + k)
                symptoms_repo.save_checkin(
                    session, runners[k % len(runners)].id, CheckIn(day, "left", morning_pain=3)
                )
            after_checkin.append(timed_ms(summary))
        one = [timed_ms(lambda: insights_for(store, runners[0])) for _ in range(args.repeat)]
        read = [timed_ms(lambda: insight_input(store, runners[0])) for _ in range(args.repeat)]
        data = insight_input(store, runners[0])
        compute = [timed_ms(lambda: insights(data)) for _ in range(args.repeat)]
        shown = summary()
        store.close()
    print(
        f"{args.runners} runners × {args.days} days, SQLite, load average "
        f"{os.getloadavg()[0]:.1f}, median of {args.repeat}:"
    )
    for label, values in (
        ("summary, cold cache (every runner computed)", cold),
        ("summary, warm cache (nothing changed)", warm),
        ("summary after one runner's check-in", after_checkin),
        ("one runner's insights from the store, uncached", one),
        ("  of which reading the inputs", read),
        ("  of which computing (bootstrap)", compute),
    ):
        print(f"  {label:<50} {statistics.median(values):9.1f} ms  (min {min(values):.1f})")
    uphill = next(r for r in shown.rows if (r.feature, r.lag_days) == ("uphill", 1))
    print(
        f"  uphill next morning: likely {uphill.likely}, possible {uphill.possible}, "
        f"of {uphill.enough_data} with enough data"
    )


if __name__ == "__main__":
    main()
