"""The Python API for researchers: what the CLI and the web app compute, on plain data.

Every function here works without a database, a server or a network: files or JSON-like
documents in, dataclasses and NumPy arrays out. The CLI (``achilles``) and the web app call the
same functions through :mod:`achillescare.services`. A session in a notebook::

    from datetime import date
    from pathlib import Path

    from achillescare import api

    runs = api.read_activities([Path("export.zip")])            # FIT, GPX, TCX, exports
    series = api.daily_series_from_activities(runs)
    for signal in api.signals_as_of(series, date(2026, 6, 30), units=api.Units.KM):
        print(signal.id, signal.status, signal.explanation)

    checkin = {"date": "2026-06-30", "side": "left", "morning_pain": 2}
    decision = api.decide_payload({"checkins": [checkin]}, today=date(2026, 6, 30))
    print(decision.decision, [reason.text for reason in decision.reasons])

    answers = {"1": 7, "2": 8, "3": 9, "4": 10, "5": 6, "6": 8, "7": 7,
               "8": {"branch": "A", "minutes": 15}}
    api.interpret_visa_a(api.visa_a_from_json(answers).score)

Many runners at once: :func:`load_table` takes one array per run field and returns every signal
for every runner-day. Every rule these functions apply, with its thresholds and papers, is in
:func:`all_rules` (and ``docs/clinical-rules.md``, generated from it).

Decision support, not a diagnosis.
"""

from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.questionnaires import (
    OstrcO2,
    VisaA,
    interpret_visa_a,
    ostrc_from_json,
    visa_a_from_json,
)
from achillescare.domain.assessment.selftests import SelfTestResult, TestFinding
from achillescare.domain.assessment.selftests import interpret as interpret_self_test
from achillescare.domain.decision.daily import DailyDecision
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.load.signal import Signal
from achillescare.domain.load.table import (
    DailySeries,
    RunEntry,
    WeekSummary,
    daily_series_from_activities,
    daily_series_from_entries,
    load_table,
    signals_as_of,
    weekly_summary,
)
from achillescare.domain.program.plan import RunningWeek, WeekPlan
from achillescare.domain.program.progression import ProgramState
from achillescare.domain.program.progression import initial_state as new_program
from achillescare.domain.program.week_plan import build_week_plan
from achillescare.domain.units import Units
from achillescare.importers.activities import read_activities
from achillescare.services.decisions import decide_payload

__all__ = [
    "Activity",
    "DailyDecision",
    "DailySeries",
    "OstrcO2",
    "ProgramState",
    "Rule",
    "RunEntry",
    "RunningWeek",
    "SelfTestResult",
    "Signal",
    "TestFinding",
    "Units",
    "VisaA",
    "WeekPlan",
    "WeekSummary",
    "all_rules",
    "build_week_plan",
    "daily_series_from_activities",
    "daily_series_from_entries",
    "decide_payload",
    "interpret_self_test",
    "interpret_visa_a",
    "load_table",
    "new_program",
    "ostrc_from_json",
    "read_activities",
    "signals_as_of",
    "visa_a_from_json",
    "weekly_summary",
]
