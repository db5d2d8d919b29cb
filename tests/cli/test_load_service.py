"""The service behind ``achilles load``: its default date is today where the runner lives."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from achillescare.services.load import load_report
from achillescare.storage.db import Store
from tests.conftest import MakeRunner


def test_the_default_date_is_today_in_the_runners_timezone(
    store: Store, make_runner: MakeRunner
) -> None:
    far_east = make_runner(store, "Kiri", timezone="Pacific/Kiritimati")  # UTC+14
    today_there = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    assert load_report(store, far_east).as_of == today_there
    broken = make_runner(store, "Nowhere", timezone="Not/AZone")
    assert load_report(store, broken).as_of == datetime.now(UTC).astimezone().date()
