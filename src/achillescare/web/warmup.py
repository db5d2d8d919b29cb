"""Decide in the background what the dashboards will show: every shared runner's decision for
the day, logged before a specialist asks (with 500 runners the day's first dashboard would
otherwise decide them all while the specialist waits, ~3 s here). ``achilles serve`` starts it;
the dashboard still decides anything that is missing or stale, so this only saves time. It
then computes every shared runner's personal insights for the clinic summary, for the same
reason."""

from __future__ import annotations

import sys
import threading
import traceback
from datetime import UTC, date, datetime

from achillescare.services.clinic import decide_stale, warm_insights
from achillescare.services.importing import update_outdated_features
from achillescare.storage.db import Store

CHECK_EVERY_S = 300.0


def start(store: Store, stop: threading.Event) -> threading.Thread:
    """A daemon thread recomputing runs stored by an older method (once), then running
    :func:`decide_stale` and :func:`warm_insights` now and whenever the date changes."""

    def run() -> None:
        try:  # runs stored by an older method first: today's decisions read them
            update_outdated_features(store)
        except Exception:  # a background helper must not take the server down
            traceback.print_exc(file=sys.stderr)
        last: date | None = None
        while not stop.is_set():
            today = datetime.now(UTC).astimezone().date()
            if today != last:
                try:
                    decide_stale(store, today)
                    warm_insights(store)
                    last = today
                except Exception:  # a background helper must not take the server down
                    traceback.print_exc(file=sys.stderr)
            stop.wait(CHECK_EVERY_S)

    thread = threading.Thread(target=run, name="achilles-warmup", daemon=True)
    thread.start()
    return thread
