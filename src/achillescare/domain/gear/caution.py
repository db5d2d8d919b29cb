"""A change of shoe as a caution for the Achilles: a lower drop, or a new pair, in the last 14 days.

Malisoux et al. 2016 randomised 553 leisure-time runners to otherwise identical cushioned shoes
with a 10, 6 or 0 mm heel-to-toe drop and followed them for six months. Overall the drop made no
difference to injury risk (6 mm: HR 1.30, 95 % CI 0.86–1.98; 0 mm: HR 1.17, 0.76–1.80, against
10 mm). In a secondary analysis stratified by running regularity, low-drop shoes went with a
lower risk in occasional runners (HR 0.48, 0.23–0.98) and a higher one in regular runners
(HR 1.67, 1.07–2.62). So a lower drop is not "bad"; it changes how the lower leg is loaded, and
for a regular runner it was the riskier choice. The trial studied the shoe runners were given,
not a switch, and any running injury, not the Achilles alone: the rule reads it as a reason to
watch, shown as a caution that never decides (TRAIN-2), over a 14-day window that is our own.
A new pair is a caution on the same house terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from achillescare.domain.activity.records import Activity
from achillescare.domain.evidence.rules import Rule
from achillescare.domain.gear.shoes import Shoe, shoe_use
from achillescare.domain.load.signal import Signal

SIGNAL_ID = "shoe_change"
CAUTION_WINDOW_DAYS = 14
"""A change of shoe is a caution for 14 days from the first run in the new pair (house)."""

RULES: tuple[Rule, ...] = (
    Rule(
        "GEAR-1",
        "Switched to a lower-drop shoe",
        "A run in the last 14 days in a shoe with a lower heel-to-toe drop than the shoe of the "
        "run before it is shown as a caution: ease into the new pair. It never decides alone.",
        ("malisoux2016", "house"),
        verification="partly",
        area="training load",
        notes="Malisoux 2016 (RCT, 553 leisure-time runners, 10/6/0 mm drop, 6 months): no overall "
        "difference (6 mm HR 1.30, 0.86–1.98; 0 mm HR 1.17, 0.76–1.80 vs 10 mm). Stratified "
        "(secondary) analysis: low drop lower risk in occasional runners (HR 0.48, 0.23–0.98), "
        "higher in regular runners (HR 1.67, 1.07–2.62). Abstract read, not the full paper. One "
        "trial; the subgroup finding is secondary; runners were given one shoe, they did not "
        "switch; the outcome was any running injury, not the Achilles. The 14-day window and "
        "treating every lower drop alike are house choices; a rotation between drops keeps the "
        "caution on, since each switch is a change of drop.",
        thresholds=(("window", "14 days"), ("drop", "any decrease, in mm")),
    ),
    Rule(
        "GEAR-2",
        "Started a new pair of shoes",
        "A run in the last 14 days in a pair first worn within those 14 days is shown as a "
        "caution: watch how the tendon answers. It never decides alone.",
        ("house",),
        verification="house",
        area="training load",
        notes="No study was found that times the risk of a new pair; the caution asks the "
        "runner to notice a change, nothing more. A pair is new from its first-use date, or "
        "from its first run when no date was given.",
        thresholds=(("window", "14 days"),),
    ),
    Rule(
        "GEAR-3",
        "Shoe replacement reminder",
        "A pair still worn that has reached its replacement distance (the runner's own, 700 km "
        "unless set, within the 500–800 km usually quoted) is flagged for replacement. It is a "
        "reminder about the shoe, not a training signal.",
        ("house",),
        verification="house",
        area="training load",
        notes="The 500–800 km range is the shoe trade's rule of thumb; no study ties a distance "
        "to injury, so the runner sets their own.",
        thresholds=(("default", "700 km"), ("allowed", "50–5,000 km")),
    ),
)


@dataclass(frozen=True, slots=True)
class ShoeChange:
    """Why the caution fires: the run that started it, the new pair, and the pair before it."""

    day: date
    shoe: Shoe
    previous: Shoe | None
    lower_drop_mm: float | None
    """How much lower the drop is than the previous pair's (None: not lower, or not known)."""
    new_pair: bool


def _day(text: date) -> str:
    return f"{text.day} {text:%B}"


def _drop(shoe: Shoe) -> str:
    return f"{shoe.drop_mm:g} mm"


def shoe_changes(
    activities: Iterable[Activity], shoes: Sequence[Shoe], as_of: date
) -> list[ShoeChange]:
    """Each change of shoe among the runs of the 14 days up to ``as_of`` that is a caution: a
    lower drop than the run before's shoe (GEAR-1), or a pair first worn in the window
    (GEAR-2). Only runs that count for load are read; a run with no shoe breaks no chain."""
    by_id = {s.id: s for s in shoes if s.id is not None}
    runs = sorted(
        (a for a in activities if a.counts_for_load and a.start_local.date() <= as_of),
        key=lambda a: a.start_utc,
    )
    since = as_of - timedelta(days=CAUTION_WINDOW_DAYS - 1)
    started = {use.shoe.id: use.started for use in shoe_use(shoes, runs)}
    changes: list[ShoeChange] = []
    previous: Shoe | None = None
    seen_new: set[int] = set()
    for run in runs:
        shoe = by_id.get(run.shoe_id) if run.shoe_id is not None else None
        if shoe is None:
            continue
        day = run.start_local.date()
        if day >= since and shoe.id != (previous.id if previous else None):
            lower = None
            if (
                previous is not None
                and previous.drop_mm is not None
                and shoe.drop_mm is not None
                and shoe.drop_mm < previous.drop_mm
            ):
                lower = previous.drop_mm - shoe.drop_mm
            first = started.get(shoe.id)
            new = first is not None and first >= since and shoe.id not in seen_new
            if new:
                seen_new.add(shoe.id)  # type: ignore[arg-type]
            if lower is not None or new:
                changes.append(ShoeChange(day, shoe, previous, lower, new))
        previous = shoe
    return changes


def shoe_signal(
    activities: Iterable[Activity], shoes: Sequence[Shoe], as_of: date
) -> Signal | None:
    """The ``shoe_change`` caution as of ``as_of`` (the latest change is told), or None when no
    change of shoe in the last 14 days is a caution. ``value`` is the drop decrease in mm (None
    for a new pair of the same or unknown drop)."""
    changes = shoe_changes(activities, shoes, as_of)
    if not changes:
        return None
    last = changes[-1]
    if last.lower_drop_mm is not None and last.previous is not None:
        text = (
            f"On {_day(last.day)} you switched from {last.previous.name} ({_drop(last.previous)} "
            f"drop) to {last.shoe.name} ({_drop(last.shoe)}): a lower drop changes how your calf "
            "and Achilles are loaded, so ease into the new pair with shorter runs and watch how "
            "the tendon answers."
        )
        rule = RULES[0]
    else:
        text = (
            f"You started a new pair, {last.shoe.name}, on {_day(last.day)}: new shoes change "
            "how your feet and Achilles are loaded until you are used to them, so watch how the "
            "tendon answers."
        )
        rule = RULES[1]
    return Signal(SIGNAL_ID, last.lower_drop_mm, "caution", text, rule.citation())


__all__ = ["CAUTION_WINDOW_DAYS", "RULES", "SIGNAL_ID", "ShoeChange", "shoe_changes", "shoe_signal"]
