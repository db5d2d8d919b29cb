"""Typed factories for check-ins and signals, shared by the domain, storage and CLI tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from achillescare.domain.assessment.symptoms import FLAG_FIELDS, CheckIn, Side
from achillescare.domain.load.signal import Signal, SignalStatus

TODAY = date(2026, 11, 24)


def day(offset: int) -> date:
    """``TODAY`` shifted by ``offset`` days (negative = earlier)."""
    return TODAY + timedelta(days=offset)


NO_FLAGS: dict[str, Any] = dict.fromkeys(FLAG_FIELDS, False)
"""Every yes/no item answered "no" (a check-in that asked everything)."""


def make_checkin(offset: int = 0, side: Side = "left", **values: Any) -> CheckIn:
    """A quiet check-in (ran, pain 1/1/1, 5 min stiffness, every yes/no item answered "no") with
    keyword overrides (pass ``item=None`` to leave a question unanswered)."""
    base: dict[str, Any] = {
        "ran": True,
        "pain_during_run": 1,
        "pain_after_run": 1,
        "morning_pain": 1,
        "morning_stiffness_min": 5,
        **NO_FLAGS,
    }
    base.update(values)
    return CheckIn(date=day(offset), side=side, **base)


def quiet_days(days: int = 3, side: Side = "left", **today: Any) -> list[CheckIn]:
    """``days`` quiet check-ins ending yesterday, then today's with overrides."""
    history = [make_checkin(-k, side) for k in range(days, 0, -1)]
    return [*history, make_checkin(0, side, **today)]


def make_signal(signal_id: str, status: SignalStatus, value: float | None = 1.0) -> Signal:
    """A signal as the load module reports it."""
    return Signal(signal_id, value, status, f"{signal_id} is {status}", "test source")
