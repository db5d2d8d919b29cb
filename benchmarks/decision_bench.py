"""How long the daily decision takes for a runner who checked in every day on both legs for years.

Red flags, and the patterns behind them (RF-8, RF-8B, RF-8W), stand until a clinician clears them,
so a decision reads a runner's whole check-in history when neither leg was ever assessed. This
prints, side by side, the ways of reading that history from a real SQLite store and the pure
domain decision on it:

    .venv/bin/python benchmarks/decision_bench.py [--years 3] [--repeat 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from achillescare.domain.assessment.symptoms import FLAG_FIELDS
from achillescare.domain.decision.daily import decide
from achillescare.services.decisions import checkins_for_decision, decide_for
from achillescare.services.runners import create_runner, runner_today
from achillescare.storage.db import open_store
from achillescare.storage.models.symptoms import CheckInRow
from achillescare.storage.repos import symptoms as symptoms_repo


def _ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches (training facts, SQLite pages)
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3, help="years of daily check-ins")
    parser.add_argument("--repeat", type=int, default=10, help="timed calls per figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
        runner = create_runner(store, "Ana")
        today = runner_today(runner)
        days = 365 * args.years + 1
        with store.session() as session:
            for k in range(days):
                for side in ("left", "right"):
                    ran = k % 2 == 0
                    session.add(
                        CheckInRow(
                            runner_id=runner.id,
                            day=today - timedelta(days=k),
                            side=side,
                            ran=ran,
                            pain_during_run=1 if ran else None,
                            pain_after_run=1 if ran else None,
                            morning_pain=(k * 7) % 3,
                            morning_stiffness_min=5,
                            **dict.fromkeys(FLAG_FIELDS, False),
                        )
                    )
        history = checkins_for_decision(store, runner, today)

        def orm_read() -> object:
            with store.session() as session:
                return symptoms_repo.list_checkins(session, runner.id)

        rows = [
            ("read: columns, no re-validation (decision path)", _ms(
                lambda: checkins_for_decision(store, runner, today), args.repeat
            )),
            ("read: ORM objects + validation (list_checkins)", _ms(orm_read, args.repeat)),
            ("domain decide() on that history", _ms(
                lambda: decide(history, today), args.repeat
            )),
            ("decide_for (read + training facts + decide)", _ms(
                lambda: decide_for(store, runner, today, log=False), args.repeat
            )),
        ]  # fmt: skip
        print(f"{len(history):,} check-ins ({args.years} years, both legs), SQLite")
        for label, ms in rows:
            print(f"  {label:<50} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
