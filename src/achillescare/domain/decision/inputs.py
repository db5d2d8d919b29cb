"""The ``achilles decide --json`` input, validated; and the training facts a decision reads.

Input: ``{"as_of": "YYYY-MM-DD", "checkins": [...], "runs": [...], "visa_a": [{"date",
"score"}], "birth_year": 2010, "assessments": [...], "overrides": [...]}`` (``birth_year``
optional: it screens for a runner still growing). Check-ins are :func:`symptoms.checkin_from_dict`
objects (``date``, ``side`` and the fields declared in :data:`checkin_fields.FIELDS`), runs are
rows of the load CSV (``date``, ``distance_km`` and the optional columns), assessments and
overrides are :func:`clinical_review.assessment_from_dict` and
:func:`clinical_review.override_from_dict` objects. Unknown fields, values out of range,
dates after ``as_of`` and two check-ins for one side and date are refused with a message naming
the item (the CLI exits with status 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from achillescare.domain.assessment.symptoms import CheckIn, checkin_from_dict, parse_date
from achillescare.domain.decision.clinical_review import (
    ClinicalAssessment,
    ClinicianOverride,
    assessment_from_dict,
    override_from_dict,
)
from achillescare.domain.decision.daily import DailyDecision, TrainingFacts, VisaScore, decide
from achillescare.domain.decision.red_flags import DailyDistance
from achillescare.domain.load.signal import Signal
from achillescare.domain.load.table import (
    DailySeries,
    RunEntry,
    cap_reference,
    daily_series_from_entries,
    longest_run_30d_m,
    run_entries_from_dicts,
    signals_as_of,
    weekly_summary,
)
from achillescare.domain.units import Units
from achillescare.errors import InvalidInput

INPUT_FIELDS = frozenset(
    {"as_of", "checkins", "runs", "visa_a", "birth_year", "assessments", "overrides"}
)


@dataclass(frozen=True, slots=True)
class DecideInput:
    """A validated ``decide --json`` request."""

    as_of: date
    checkins: tuple[CheckIn, ...]
    runs: tuple[RunEntry, ...]
    visa_a: tuple[VisaScore, ...]
    birth_year: int | None = None
    assessments: tuple[ClinicalAssessment, ...] = ()
    overrides: tuple[ClinicianOverride, ...] = ()


def _list(payload: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = payload.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise InvalidInput(f"{key} must be a list of objects")
    return value


def parse_decide_input(payload: object, today: date) -> DecideInput:
    """Validate a request; ``as_of`` defaults to ``today`` and may not be after it."""
    if not isinstance(payload, Mapping):
        raise InvalidInput("the input must be one JSON object")
    unknown = sorted(set(payload) - INPUT_FIELDS)
    if unknown:
        raise InvalidInput(
            f"unknown field(s) {', '.join(unknown)} (expected {', '.join(sorted(INPUT_FIELDS))})"
        )
    as_of = parse_date("as_of", payload["as_of"]) if payload.get("as_of") is not None else today
    if as_of > today:
        raise InvalidInput(f"as_of {as_of} is in the future (today is {today})")
    checkins = [
        checkin_from_dict(item, as_of, where=f"checkins[{i}]")
        for i, item in enumerate(_list(payload, "checkins"))
    ]
    seen: set[tuple[date, str]] = set()
    for i, c in enumerate(checkins):
        if (c.date, c.side) in seen:
            raise InvalidInput(f"checkins[{i}]: a second check-in for {c.side} on {c.date}")
        seen.add((c.date, c.side))
    try:
        runs = run_entries_from_dicts(_list(payload, "runs"), first_row=0)
    except ValueError as error:
        raise InvalidInput(f"runs: {error}") from None
    for i, run in enumerate(runs):
        if run.date > as_of:
            raise InvalidInput(f"runs: row {i}: date {run.date} is after as_of {as_of}")
    visa: list[VisaScore] = []
    for i, item in enumerate(_list(payload, "visa_a")):
        extra = sorted(set(item) - {"date", "score"})
        if extra:
            raise InvalidInput(f"visa_a[{i}]: unknown field(s) {', '.join(extra)}")
        day = parse_date(f"visa_a[{i}].date", item.get("date"))
        if day > as_of:
            raise InvalidInput(f"visa_a[{i}]: date {day} is after as_of {as_of}")
        score = item.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
            raise InvalidInput(f"visa_a[{i}]: score must be a whole number 0–100, not {score!r}")
        visa.append(VisaScore(day, score))
    birth_year = payload.get("birth_year")
    if birth_year is not None and (
        isinstance(birth_year, bool)
        or not isinstance(birth_year, int)
        or not as_of.year - 120 <= birth_year <= as_of.year
    ):
        raise InvalidInput(f"birth_year must be a year in the last 120 years, not {birth_year!r}")
    assessments = tuple(
        assessment_from_dict(item, as_of, where=f"assessments[{i}]")
        for i, item in enumerate(_list(payload, "assessments"))
    )
    overrides = tuple(
        override_from_dict(item, where=f"overrides[{i}]")
        for i, item in enumerate(_list(payload, "overrides"))
    )
    return DecideInput(
        as_of, tuple(checkins), tuple(runs), tuple(visa), birth_year, assessments, overrides
    )


def training_facts(series: DailySeries, as_of: date, signals: Sequence[Signal]) -> TrainingFacts:
    """What the decision reads of a runner's daily series as of a date.

    With no run at all the distances are unknown (None), not zero: the advice then says there is
    nothing to scale from.
    """
    if series.grid is None:
        return TrainingFacts(signals=tuple(signals))
    weeks = weekly_summary(series, as_of, 2)
    grid = series.grid
    last_index = min((as_of - grid.first_day).days, grid.n_days - 1)
    last_run_m: float | None = None
    for i in range(last_index, -1, -1):
        if grid.runs[0, i] > 0:
            last_run_m = float(grid.longest_m[0, i])
            break
    return TrainingFacts(
        signals=tuple(signals),
        longest_run_30d_m=longest_run_30d_m(series, as_of),
        cap_reference=cap_reference(series, as_of),
        last_run_m=last_run_m,
        week_distance_m=(weeks[1].distance_m, weeks[0].distance_m),
        daily_distance_m=DailyDistance(
            grid.first_day, tuple(float(m) for m in grid.distance_m[0, : last_index + 1])
        ),
    )


def training_from_series(series: DailySeries, as_of: date, units: Units) -> TrainingFacts:
    """Training facts with the load module's signals as of ``as_of``."""
    return training_facts(series, as_of, signals_as_of(series, as_of, units=units))


def decide_request(request: DecideInput, units: Units = Units.KM) -> DailyDecision:
    """The decision for a validated ``decide --json`` request: runs → daily series → load signals
    → decision. With no runs given, no signals are reported (nothing to read)."""
    if request.runs:
        series = daily_series_from_entries(request.runs, end=request.as_of)
        training = training_from_series(series, request.as_of, units)
    else:
        training = TrainingFacts()
    return decide(
        request.checkins,
        request.as_of,
        training,
        request.visa_a,
        units,
        birth_year=request.birth_year,
        assessments=request.assessments,
        overrides=request.overrides,
    )
