"""The clinician's part of the loop: clinical assessments that clear red flags, and overrides.

A red flag is a question the software cannot answer: only a clinician who examined the tendon can
(house rule; Maffulli 1998 for the rupture signs). So a red flag stays on its side
until a :class:`ClinicalAssessment` of that side, dated on or after the day it was reported, clears
it (:func:`cleared_through`). Two kinds of entry exist and are labelled as such wherever they are
shown: a linked specialist records what they found (``assessor_kind="specialist"``), or the runner
records that a named clinician assessed them (``"self_reported"``).

A :class:`ClinicianOverride` lets a linked specialist set the decision for a day or a period, with a
reason. Both the override and the computed decision are kept and shown, and a red flag reported
after the override was set is never hidden by it (:func:`effective_override`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from achillescare.domain.assessment.symptoms import SIDES, Side, parse_date
from achillescare.domain.decision.verdicts import DECISIONS, Decision
from achillescare.errors import InvalidInput

Finding = Literal[
    "cleared",
    "tendinopathy_mid_portion",
    "tendinopathy_insertional",
    "partial_rupture",
    "full_rupture",
    "other",
]
FINDINGS: tuple[Finding, ...] = get_args(Finding)
FINDING_LABELS: dict[Finding, str] = {
    "cleared": "nothing of concern found",
    "tendinopathy_mid_portion": "mid-portion Achilles tendinopathy",
    "tendinopathy_insertional": "insertional Achilles tendinopathy",
    "partial_rupture": "partial rupture",
    "full_rupture": "full rupture",
    "other": "another condition",
}
RUPTURE_FINDINGS: frozenset[Finding] = frozenset({"partial_rupture", "full_rupture"})
"""Findings this program does not manage: no running until the clinician permits it."""

AssessorKind = Literal["specialist", "self_reported"]
ASSESSOR_KINDS: tuple[AssessorKind, ...] = get_args(AssessorKind)
MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class ClinicalAssessment:
    """A clinician's examination of one side on one date, and what they found.

    ``assessor``: the clinician's name as entered. ``assessor_kind``: who entered it (a linked
    specialist, or the runner reporting that a clinician assessed them). ``return_to_running``:
    the clinician permits running again (needed after a rupture finding).
    """

    date: date
    side: Side
    finding: Finding
    assessor: str
    assessor_kind: AssessorKind = "self_reported"
    note: str | None = None
    return_to_running: bool = False

    def to_dict(self) -> dict[str, object]:
        """The ``assessments`` item of the ``decide --json`` input."""
        return {
            "date": self.date.isoformat(),
            "side": self.side,
            "finding": self.finding,
            "assessor": self.assessor,
            "assessor_kind": self.assessor_kind,
            "note": self.note,
            "return_to_running": self.return_to_running,
        }


@dataclass(frozen=True, slots=True)
class ClinicianOverride:
    """A specialist's decision for ``first_day … last_day``, set on ``set_on``, with a reason."""

    first_day: date
    last_day: date
    decision: Decision
    reason: str
    specialist: str
    set_on: date

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def to_dict(self) -> dict[str, object]:
        """The ``overrides`` item of the ``decide --json`` input."""
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "decision": self.decision,
            "reason": self.reason,
            "specialist": self.specialist,
            "set_on": self.set_on.isoformat(),
        }


def _text(where: str, name: str, value: object, limit: int, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"{where}: {name} is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: {name} must be text, not {value!r}")
    if len(value) > limit:
        raise InvalidInput(f"{where}: {name} is limited to {limit} characters")
    return value.strip()


def _required_text(where: str, name: str, value: object, limit: int) -> str:
    text = _text(where, name, value, limit, required=True)
    if text is None:  # _text raised already; this keeps the type checker informed
        raise InvalidInput(f"{where}: {name} is required")
    return text


def _unknown(where: str, data: Mapping[str, object], allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise InvalidInput(f"{where}: unknown field(s) {', '.join(extra)}")


def validate_assessment(assessment: ClinicalAssessment, today: date) -> ClinicalAssessment:
    """Check one assessment (date not in the future, known side/finding, a named clinician)."""
    where = "assessment"
    if assessment.date > today:
        raise InvalidInput(
            f"{where}: date {assessment.date} is in the future (today is {today})", field="date"
        )
    if assessment.side not in SIDES:
        raise InvalidInput(f"{where}: side must be 'left' or 'right', not {assessment.side!r}")
    if assessment.finding not in FINDINGS:
        raise InvalidInput(
            f"{where}: finding must be one of {', '.join(FINDINGS)}, not {assessment.finding!r}"
        )
    if assessment.assessor_kind not in ASSESSOR_KINDS:
        raise InvalidInput(f"{where}: assessor_kind must be one of {', '.join(ASSESSOR_KINDS)}")
    _text(where, "assessor", assessment.assessor, MAX_NAME_CHARS, required=True)
    _text(where, "note", assessment.note, MAX_NOTE_CHARS, required=False)
    return assessment


def assessment_from_dict(
    data: Mapping[str, object], today: date, where: str = "assessment"
) -> ClinicalAssessment:
    """An assessment from a JSON object (the ``decide --json`` ``assessments`` item)."""
    _unknown(
        where,
        data,
        {"date", "side", "finding", "assessor", "assessor_kind", "note", "return_to_running"},
    )
    day = parse_date(f"{where}.date", data.get("date"))
    side = data.get("side")
    finding = data.get("finding")
    kind = data.get("assessor_kind", "self_reported")
    permit = data.get("return_to_running", False)
    if side not in SIDES:
        raise InvalidInput(f"{where}: side must be 'left' or 'right', not {side!r}")
    if finding not in FINDINGS:
        raise InvalidInput(
            f"{where}: finding must be one of {', '.join(FINDINGS)}, not {finding!r}"
        )
    if kind not in ASSESSOR_KINDS:
        raise InvalidInput(f"{where}: assessor_kind must be one of {', '.join(ASSESSOR_KINDS)}")
    if not isinstance(permit, bool):
        raise InvalidInput(f"{where}: return_to_running must be true or false, not {permit!r}")
    assessor = _required_text(where, "assessor", data.get("assessor"), MAX_NAME_CHARS)
    assessment = ClinicalAssessment(
        date=day,
        side=side,
        finding=finding,
        assessor=assessor,
        assessor_kind=kind,
        note=_text(where, "note", data.get("note"), MAX_NOTE_CHARS, required=False),
        return_to_running=permit,
    )
    try:
        return validate_assessment(assessment, today)
    except ValueError as error:
        raise InvalidInput(
            str(error).replace("assessment:", f"{where}:", 1), field=getattr(error, "field", None)
        ) from None


def validate_override(override: ClinicianOverride) -> ClinicianOverride:
    """Check one override (a known decision, a period in order, a reason and a name)."""
    where = "override"
    if override.decision not in DECISIONS:
        raise InvalidInput(f"{where}: decision must be one of {', '.join(DECISIONS)}")
    if override.last_day < override.first_day:
        raise InvalidInput(
            f"{where}: the last day {override.last_day} is before the first, {override.first_day}",
            field="last_day",
        )
    if override.set_on > override.last_day:
        raise InvalidInput(f"{where}: set_on {override.set_on} is after the period it sets")
    _text(where, "reason", override.reason, MAX_NOTE_CHARS, required=True)
    _text(where, "specialist", override.specialist, MAX_NAME_CHARS, required=True)
    return override


def override_from_dict(data: Mapping[str, object], where: str = "override") -> ClinicianOverride:
    """An override from a JSON object (the ``decide --json`` ``overrides`` item); ``set_on``
    defaults to ``first_day``."""
    _unknown(where, data, {"first_day", "last_day", "decision", "reason", "specialist", "set_on"})
    first = parse_date(f"{where}.first_day", data.get("first_day"))
    last = parse_date(f"{where}.last_day", data.get("last_day", data.get("first_day")))
    set_on = parse_date(f"{where}.set_on", data.get("set_on", data.get("first_day")))
    decision = data.get("decision")
    if decision not in DECISIONS:
        raise InvalidInput(f"{where}: decision must be one of {', '.join(DECISIONS)}")
    text = _required_text(where, "reason", data.get("reason"), MAX_NOTE_CHARS)
    name = _required_text(where, "specialist", data.get("specialist"), MAX_NAME_CHARS)
    try:
        return validate_override(ClinicianOverride(first, last, decision, text, name, set_on))
    except ValueError as error:
        raise InvalidInput(
            str(error).replace("override:", f"{where}:", 1), field=getattr(error, "field", None)
        ) from None


def latest_assessment(
    assessments: Sequence[ClinicalAssessment], side: Side, as_of: date
) -> ClinicalAssessment | None:
    """The most recent assessment of ``side`` dated on or before ``as_of``; of two on one date,
    the one given last (entries are taken in the order they were recorded)."""
    found = [
        (a.date, i, a) for i, a in enumerate(assessments) if a.side == side and a.date <= as_of
    ]
    return max(found, key=lambda item: item[:2])[2] if found else None


def cleared_through(
    assessments: Sequence[ClinicalAssessment], side: Side, as_of: date
) -> date | None:
    """The last day whose red flags on ``side`` an assessment has cleared (None: none has).

    An assessment clears what was reported on or before its date: a check-in is made in the
    morning, so a flag and the examination it prompted usually share a date. A flag reported on
    a later date is never cleared by it.
    """
    last = latest_assessment(assessments, side, as_of)
    return last.date if last is not None else None


def effective_override(
    overrides: Sequence[ClinicianOverride], as_of: date
) -> ClinicianOverride | None:
    """The override that sets ``as_of``'s decision: of those covering the day, the one set last
    (of two set on one date, the one given last)."""
    covering = [
        (o.set_on, i, o) for i, o in enumerate(overrides) if o.covers(as_of) and o.set_on <= as_of
    ]
    return max(covering, key=lambda item: item[:2])[2] if covering else None


__all__ = [
    "FINDINGS",
    "FINDING_LABELS",
    "RUPTURE_FINDINGS",
    "ClinicalAssessment",
    "ClinicianOverride",
    "Finding",
    "assessment_from_dict",
    "cleared_through",
    "effective_override",
    "latest_assessment",
    "override_from_dict",
    "validate_assessment",
    "validate_override",
]
