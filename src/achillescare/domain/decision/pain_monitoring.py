"""The pain-monitoring model (Silbernagel et al. 2007) applied to one side's check-ins.

The model lets a runner keep running through Achilles pain while these hold: pain during the
activity at most 5/10 (PM-1); pain after it at most 5/10 (PM-2) and settled by the next morning,
so morning pain and stiffness are no higher than at the previous check-in (PM-3); pain not rising
week on week (PM-4). Zones: 0–2 safe, 3–5 acceptable, 6–10 high risk (PM-ZONE; the 2007 figure is
reproduced as 0–2/2–5/5–10, other sources draw ≤ 3/4–5/> 5; all agree > 5 is outside the model).

When a rule breaks, the next session is reduced: no running today, rehab exercises within the
limits (Silbernagel et al. 2007; the size of the reduction is a house default). Missing answers never read as "fine" (DATA-*).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.domain.decision.red_flags import HIGH_PAIN, SideHistory
from achillescare.domain.decision.verdicts import Reason, reason
from achillescare.domain.evidence.rules import Rule

ACCEPTABLE_PAIN = 3
"""3–5/10 is the acceptable (amber) zone; 0–2 is safe."""
BASELINE_MAX_AGE_DAYS = 7
"""The previous check-in used as the morning baseline must be at most this old (house)."""
MORNING_PAIN_RISE = 2
"""PM-3: a morning-pain rise of at least 2 points on the 0–10 scale is a measurable change
(house default; a 1-point change is within the day-to-day noise of a 0–10 rating)."""
STIFFNESS_RISE_MIN = 10
"""PM-3: morning stiffness counts as higher when it is at least 10 minutes longer (house)..."""
STIFFNESS_RISE_FRACTION = 0.5
"""...and at least half as long again as before, or 30 minutes longer (house defaults)."""
STIFFNESS_RISE_ALWAYS_MIN = 30
RETURN_WINDOW_DAYS = 7
"""After a PM-1/PM-2 breach within this window, the next run is a reduced one (house)."""


def _rule(rule_id: str) -> Rule:
    return _BY_ID[rule_id]


def _baseline(history: SideHistory, field: str) -> CheckIn | None:
    """The latest earlier check-in (≤ 7 days old) that answered ``field``."""
    oldest = history.as_of - timedelta(days=BASELINE_MAX_AGE_DAYS)
    for c in reversed(history.earlier()):
        if c.date < oldest:
            return None
        if getattr(c, field) is not None:
            return c
    return None


def pain_monitoring_reasons(history: SideHistory) -> list[Reason]:
    """The PM-*, SYM-* and DATA-* reasons for one side as of its date.

    With no check-in today only DATA-1 fires (the red-flag screen still reads earlier days).
    """
    side = history.side
    today = history.today
    if today is None:
        return [reason(_rule("DATA-1"), "modify", side, last_checkin=_last_date(history))]
    out: list[Reason] = []
    if today.did_run and today.pain_during_run is not None and today.pain_during_run >= HIGH_PAIN:
        out.append(reason(_rule("PM-1"), "rest", side, pain_during_run=today.pain_during_run))
    if today.did_run and today.pain_after_run is not None and today.pain_after_run >= HIGH_PAIN:
        out.append(reason(_rule("PM-2"), "rest", side, pain_after_run=today.pain_after_run))
    out.extend(_next_morning(history, today))
    out.extend(_pain_built(history, today))
    if today.morning_pain is not None and today.morning_pain >= HIGH_PAIN:
        out.append(reason(_rule("PM-ZONE"), "rest", side, morning_pain=today.morning_pain))
    amber = {k: v for k, v in today.pains().items() if ACCEPTABLE_PAIN <= v < HIGH_PAIN}
    if amber:
        out.append(reason(_rule("PM-ZONE"), "modify", side, **amber))
    this_week, last_week = history.weekly_morning_mean(0), history.weekly_morning_mean(1)
    if this_week is not None and last_week is not None and this_week > last_week:
        out.append(
            reason(
                _rule("PM-4"),
                "modify",
                side,
                morning_pain_mean_this_week=round(this_week, 2),
                morning_pain_mean_last_week=round(last_week, 2),
            )
        )
    out.extend(_return_after_breach(history, today))
    out.extend(_symptoms(today))
    out.extend(_missing(history, today))
    return out


def _last_date(history: SideHistory) -> str | None:
    return history.checkins[-1].date.isoformat() if history.checkins else None


def _next_morning(history: SideHistory, today: CheckIn) -> list[Reason]:
    """PM-3: this morning's pain or stiffness higher than at the previous check-in."""
    out: list[Reason] = []
    pain_base = _baseline(history, "morning_pain")
    if (
        today.morning_pain is not None
        and pain_base is not None
        and pain_base.morning_pain is not None
        and today.morning_pain - pain_base.morning_pain >= MORNING_PAIN_RISE
    ):
        out.append(
            reason(
                _rule("PM-3"),
                "rest",
                history.side,
                morning_pain=today.morning_pain,
                previous_morning_pain=pain_base.morning_pain,
                previous_date=pain_base.date.isoformat(),
            )
        )
    stiff_base = _baseline(history, "morning_stiffness_min")
    if (
        today.morning_stiffness_min is not None
        and stiff_base is not None
        and stiff_base.morning_stiffness_min is not None
        and stiffness_rose(stiff_base.morning_stiffness_min, today.morning_stiffness_min)
    ):
        out.append(
            reason(
                _rule("PM-3"),
                "rest",
                history.side,
                morning_stiffness_min=today.morning_stiffness_min,
                previous_morning_stiffness_min=stiff_base.morning_stiffness_min,
                previous_date=stiff_base.date.isoformat(),
            )
        )
    return out


def stiffness_rose(before_min: int, now_min: int) -> bool:
    """True when morning stiffness rose measurably: at least 10 minutes more, and at least half
    as much again or 30 minutes more (house defaults; 10 → 11 minutes is noise)."""
    rise = now_min - before_min
    return rise >= STIFFNESS_RISE_MIN and (
        rise >= STIFFNESS_RISE_FRACTION * before_min or rise >= STIFFNESS_RISE_ALWAYS_MIN
    )


def _pain_built(history: SideHistory, today: CheckIn) -> list[Reason]:
    """PM-BUILD: today's check-in reports that pain built up during the last run instead of
    easing: the pain-monitoring model was breached (the run should have stopped), so no running
    today; repeated, it is a red flag (RF-8B)."""
    if not today.did_run or not today.pain_built_during_run:
        return []
    return [reason(_rule("PM-BUILD"), "rest", history.side, pain_during_run=today.pain_during_run)]


def _return_after_breach(history: SideHistory, today: CheckIn) -> list[Reason]:
    """PM-RETURN: no run since a recent PM-1/PM-2 breach, so the next run is a reduced one."""
    if today.did_run:
        return []
    oldest = history.as_of - timedelta(days=RETURN_WINDOW_DAYS)
    for c in reversed(history.earlier()):
        if c.date < oldest:
            return []
        if c.did_run:
            broke = (
                max(c.pain_during_run or 0, c.pain_after_run or 0) >= HIGH_PAIN
                or c.pain_built_during_run is True
            )
            if not broke:
                return []
            return [
                reason(
                    _rule("PM-RETURN"),
                    "modify",
                    history.side,
                    breach_date=c.date.isoformat(),
                    pain_during_run=c.pain_during_run,
                    pain_after_run=c.pain_after_run,
                    pain_built_during_run=c.pain_built_during_run is True,
                )
            ]
    return []


def _symptoms(today: CheckIn) -> list[Reason]:
    out: list[Reason] = []
    if today.swelling and not today.redness_warmth:
        out.append(reason(_rule("SYM-1"), "modify", today.side, signs=["swelling"]))
    if today.pain_on_hopping:
        out.append(reason(_rule("SYM-2"), "modify", today.side, pain_on_hopping=True))
    watch = [n for n in ("tenderness", "thickening") if getattr(today, n)]
    if watch:
        out.append(reason(_rule("SYM-3"), None, today.side, signs=watch))
    if today.location == "insertion":
        out.append(reason(_rule("SYM-4"), None, today.side, location="insertion"))
    return out


def _missing(history: SideHistory, today: CheckIn) -> list[Reason]:
    """DATA-2/DATA-3: answers the model needs are missing, so the answer cannot be ``run``."""
    out: list[Reason] = []
    missing = []
    if today.morning_pain is None:
        missing.append("morning_pain")
    if today.did_run and today.pain_during_run is None:
        missing.append("pain_during_run")
    if today.did_run and today.pain_after_run is None:
        missing.append("pain_after_run")
    if missing:
        out.append(reason(_rule("DATA-2"), "modify", history.side, missing=missing))
    elif _baseline(history, "morning_pain") is None:
        out.append(reason(_rule("DATA-3"), "modify", history.side, previous_checkin=None))
    return out


def all_clear(history: SideHistory) -> Reason:
    """PM-OK: the reason given when the side may run as planned."""
    today = history.today
    facts = dict(today.pains()) if today is not None else {}
    return reason(_rule("PM-OK"), "run", history.side, **facts)


EXERCISE_PAIN_WINDOW_DAYS = 2
"""Exercise pain logged today or yesterday bears on today's run (house)."""


def exercise_pain_reasons(pain_by_day: Sequence[tuple[date, int]], as_of: date) -> list[Reason]:
    """PM-EX: the model governs the rehab exercises too (Silbernagel 2007): pain above 5/10
    during them today or yesterday means the tendon is irritable, so today's run is reduced."""
    recent = [
        (day, pain)
        for day, pain in pain_by_day
        if as_of - timedelta(days=EXERCISE_PAIN_WINDOW_DAYS - 1) <= day <= as_of
    ]
    if not recent:
        return []
    day, pain = max(recent, key=lambda item: (item[1], item[0]))
    if pain < HIGH_PAIN:
        return []
    return [
        reason(_rule("PM-EX"), "modify", None, exercise_day=day.isoformat(), exercise_pain=pain)
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        "PM-EX",
        "Pain during rehab or prevention exercise above 5/10",
        "The same limits govern the exercises: pain above 5/10 during them today or yesterday "
        "means the tendon is irritable, so today's run is a reduced one and the program steps "
        "the exercise load back.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
        thresholds=(("pain during exercise", "≤ 5"), ("window", "today or yesterday (house)")),
    ),
    Rule(
        "PM-1",
        "Pain during the run above 5/10",
        "Pain during a run may reach 5/10; above that, no running today (rehab exercises within "
        "pain limits are still allowed) and the next run is reduced.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
        thresholds=(("pain_during_run", "≤ 5"),),
    ),
    Rule(
        "PM-2",
        "Pain after the run above 5/10",
        "Pain after a run may reach 5/10; above that, no running today.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
        thresholds=(("pain_after_run", "≤ 5"),),
    ),
    Rule(
        "PM-3",
        "Not settled by the next morning",
        "Pain and stiffness on the first steps in the morning must be no higher than at the "
        "previous check-in (at most 7 days earlier); if measurably higher — pain up 2 points or "
        "more, or stiffness up 10 minutes or more and by at least half (or by 30 minutes) — no "
        "running today. These margins are house defaults.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
        notes="The model states 'no higher'; a 1-point or 1-minute rise is within the noise of "
        "a self-rating, so the house requires a measurable change (2 points on the 0–10 scale; "
        "stiffness +10 min and +50 %, or +30 min). The 7-day baseline age is house.",
        thresholds=(
            ("morning pain rise", "≥ 2 points (house)"),
            ("stiffness rise", "≥ 10 min and ≥ 50 %, or ≥ 30 min (house)"),
        ),
    ),
    Rule(
        "PM-BUILD",
        "Pain built up during the run",
        "Pain that built up during the run instead of easing breaks the pain-monitoring model: "
        "that run should have stopped; no running today, and the next run is a reduced one. "
        "Twice in the last three runs it is a red flag (RF-8B).",
        ("silbernagel2007",),
        verification="house",
        area="pain monitoring",
        notes="Tendinopathy pain typically eases as the tendon warms up; pain that builds is "
        "a see-a-clinician sign (RF-8B) when it keeps "
        "happening, so a single occurrence is a breach (rest), a repeat a red flag (house).",
    ),
    Rule(
        "PM-4",
        "Pain rising week on week",
        "The mean morning pain of the last 7 days must not be higher than the 7 days before "
        "(≥ 2 check-ins in each): if it is, hold the load, run only modified.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
    ),
    Rule(
        "PM-ZONE",
        "Pain zones",
        "0–2/10 safe; 3–5/10 acceptable: run, but modified (shorter, flat, easy) and watch the "
        "next morning; morning pain of 6/10 or more is high risk: no running today.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
        notes="The 2007 figure is reproduced as 0–2 / 2–5 / 5–10; bim.physio (Tom Goom) uses "
        "≤ 3 safe, 4–5 acceptable, > 5 unacceptable. All agree > 5 is outside the model; we "
        "take the stricter integer mapping 0–2 / 3–5 / 6–10.",
        thresholds=(("safe", "0–2"), ("acceptable", "3–5"), ("high risk", "6–10")),
    ),
    Rule(
        "PM-RETURN",
        "Back after a breach",
        "After a run that broke PM-1, PM-2 or PM-BUILD in the last 7 days and no run since, the "
        "next run is a reduced one.",
        ("silbernagel2007",),
        verification="house",
        area="pain monitoring",
        notes="Silbernagel does not size the reduction; −20 to −50 % is our default.",
    ),
    Rule(
        "PM-OK",
        "Pain-monitoring model held",
        "Pain in the safe zone (0–2/10), this morning not measurably worse than the previous "
        "check-in and no red flag on this side: this side may run as planned, within the "
        "longest-run cap.",
        ("silbernagel2007",),
        verification="partly",
        area="pain monitoring",
    ),
    Rule(
        "SYM-1",
        "Swelling",
        "A swollen tendon that is not red or warm, without fever: run only modified, and see a "
        "clinician if it persists (redness or warmth is RF-2L, with fever RF-2).",
        ("house",),
        verification="house",
        area="symptoms",
    ),
    Rule(
        "SYM-2",
        "Pain on hopping",
        "Pain on hopping shows the tendon does not yet tolerate fast loading: run only modified, "
        "no jumps, sprints or hills.",
        ("house",),
        verification="house",
        area="symptoms",
        notes="Reviews of the clinical tests report hop pain as a specific tendon-loading sign; "
        "the rule is the house's.",
    ),
    Rule(
        "SYM-3",
        "Tenderness or thickening",
        "Tenderness to touch or a thickened tendon is worth watching; on its own it does not "
        "change today's answer.",
        ("house",),
        verification="house",
        area="symptoms",
    ),
    Rule(
        "SYM-4",
        "Pain at the insertion",
        "Pain where the tendon meets the heel bone is insertional: avoid loading into deep "
        "dorsiflexion (heel drops off a step, steep uphills) and follow the insertional program.",
        ("jonsson2008",),
        area="symptoms",
    ),
    Rule(
        "DATA-1",
        "No check-in today",
        "Without today's check-in the pain-monitoring model cannot be applied: the answer is "
        "'modify' until you check in, never 'run'.",
        ("house",),
        verification="house",
        area="data",
    ),
    Rule(
        "DATA-2",
        "Check-in incomplete",
        "Morning pain (and, after a run, pain during and after it) is needed to apply the model; "
        "while it is missing the answer is at most 'modify'.",
        ("house",),
        verification="house",
        area="data",
    ),
    Rule(
        "DATA-3",
        "No baseline yet",
        "The first check-in (or the first after more than 7 days) has no morning to compare "
        "with: run only modified until tomorrow's check-in gives a baseline.",
        ("house",),
        verification="house",
        area="data",
    ),
)

_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

__all__ = ["RULES", "all_clear", "pain_monitoring_reasons"]
