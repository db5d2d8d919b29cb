"""The exercise library's schema: what one exercise card must say, checked when it is loaded.

The cards themselves are data (``achillescare/data/exercises/<id>.toml``), read by
:mod:`achillescare.library`; domain code that plans sessions takes the validated
``dict[str, Exercise]`` as an argument and never reads files.

Two clinical facts are enforced by the schema rather than left to the writer of a card:

* **Knee position names the right muscle** (O'Neill, Barry & Watson 2019). A bent-knee calf exercise works
  mainly the soleus, because the two-joint gastrocnemius is slack with the knee bent; a
  straight-knee one loads the gastrocnemius (with the soleus). The seed article states it the other
  way round. Sources: ``oneill2019pts`` (knee-extended vs knee-flexed testing),
  ``weinertaplin2015`` (bent-knee heel drop shortens the gastrocnemius).
* **Insertional pain stays out of deep dorsiflexion** (Jonsson et al. 2008, ``jonsson2008``):
  every card says whether it takes the ankle below level (a step edge, a deep stretch), so an
  insertional programme can leave those out in its early phases.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from achillescare.domain.evidence.rules import SOURCES, Rule
from achillescare.errors import LibraryError

RULES = (
    Rule(
        id="EX-ANATOMY",
        title="Knee position names the calf muscle",
        statement=(
            "A calf exercise with the knee bent works mainly the soleus; with the knee straight it "
            "loads the gastrocnemius (with the soleus). The seed article has the two reversed; "
            "every card and plan uses the corrected mapping, and the schema refuses a card that "
            "does not."
        ),
        sources=("oneill2019pts", "weinertaplin2015"),
        verification="verified",
        area="exercises",
        notes=(
            "O'Neill, Barry & Watson 2019 (Phys Ther Sport 37:69-76) test "
            "plantar-flexor strength knee extended vs knee flexed (soleus); Weinert-Aplin 2015 "
            "(J Sports Sci Med 14:459-465) show the bent-knee heel drop shortens the "
            "gastrocnemius. Both abstracts read via the search tool."
        ),
    ),
    Rule(
        id="EX-ISOMETRIC",
        title="Isometric calf holds are optional",
        statement=(
            "Isometric calf holds (5 × 45 s) are offered as an optional first-phase way to start "
            "loading, never as proven pain relief: heavy 45-s holds gave no meaningful immediate "
            "pain relief in 16 patients (NRS 4.2 → 4.9, n.s.); a pilot of 11 saw a small drop."
        ),
        sources=("oneill2019", "bradford2021", "silbernagel2020"),
        verification="verified",
        area="exercises",
        notes=(
            "Checked with the search tool: O'Neill et al., Knee Surg Sports Traumatol Arthrosc "
            "2019;27(9):2765-2773, doi 10.1007/s00167-018-5050-z (PMC6706360); the registry "
            "previously cited it as 'BJSM 53(7):402-410', which could not be found and was "
            "corrected. Bradford et al. 2021 Int J Sports Med (doi 10.1055/a-1398-5501) abstract "
            "read. JAT 2020 Table 2 (silbernagel2020) lists isometric plantar flexion as a "
            "phase-1 option."
        ),
    ),
)
"""The library's own rules, collected by :mod:`achillescare.domain.evidence.rulebook`."""

Category = Literal[
    "tendon_loading",
    "mobility",
    "glutes",
    "plyometric",
    "movement_correction",
    "running",
    "symptom_control",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

Phase = Literal["symptom_management", "recovery", "rebuilding", "return_to_sport", "prevention"]
"""Where an exercise belongs: the four phases of Silbernagel's tendon-loading protocol
(``silbernagel2020`` Table 2: symptom management wk 1–2, recovery wk 2–5, rebuilding wk 3–12,
return to sport from wk 12) plus the article's prevention blocks."""

Knee = Literal["straight", "bent"]

Contraction = Literal["eccentric", "concentric_eccentric", "isometric", "rebound"]
"""How the calf works in a loading exercise: lowering only (Alfredson),
up and down (Silbernagel, HSR), holding still, or quick stretch-shortening (hops, jumps)."""

PAIN_LIMIT_NRS = 5
"""Pain during an exercise may reach 5/10 and no more (pain-monitoring model, PM-1,
``silbernagel2007``); a card may set a lower limit, never a higher one."""

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ScheduleStep(_Strict):
    """Dosing for a block of weeks of a periodised protocol (e.g. HSR's 15RM → 6RM, ``beyer2015``)."""

    weeks_from: int = Field(ge=1)
    weeks_to: int = Field(ge=1)
    sets: int = Field(ge=1, le=10)
    reps: int = Field(ge=1, le=100)
    load: str = Field(min_length=1)

    @model_validator(mode="after")
    def _weeks_in_order(self) -> Self:
        if self.weeks_to < self.weeks_from:
            raise LibraryError("weeks_to must not be before weeks_from")
        return self


class Dosing(_Strict):
    """How much, how often: sets of ``reps`` (or of ``seconds`` for holds, stretches and runs).

    ``frequency_per_day`` means every day (Alfredson: twice a day, 7 days a week); otherwise
    ``frequency_per_week`` sessions. ``load`` is plain words ("body weight", "15RM: a weight you can
    lift 15 times and no more"). ``per_side`` says whether the numbers are for each leg.
    """

    sets: int = Field(ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=200)
    seconds: int | None = Field(default=None, ge=1, le=3600)
    per_side: bool = True
    tempo: str = Field(min_length=1)
    load: str = Field(min_length=1)
    frequency_per_week: int | None = Field(default=None, ge=1, le=7)
    frequency_per_day: int | None = Field(default=None, ge=1, le=3)
    rest_between_sets_s: int = Field(ge=0, le=600)
    notes: str = ""

    @model_validator(mode="after")
    def _one_amount_one_frequency(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise LibraryError("give exactly one of reps or seconds")
        if (self.frequency_per_week is None) == (self.frequency_per_day is None):
            raise LibraryError("give exactly one of frequency_per_week or frequency_per_day")
        return self

    def summary(self) -> str:
        """One line a runner reads at a glance: ``3 × 15 per leg, 2×/day, rest 60 s``."""
        if self.reps is not None:
            amount = f"{self.reps}"
        elif self.seconds is not None and self.seconds >= 60 and self.seconds % 60 == 0:
            amount = f"{self.seconds // 60} min"
        else:
            amount = f"{self.seconds} s"
        side = " per leg" if self.per_side else ""
        often = (
            f"{self.frequency_per_day}×/day"
            if self.frequency_per_day is not None
            else f"{self.frequency_per_week}×/week"
        )
        return f"{self.sets} × {amount}{side}, {often}, rest {self.rest_between_sets_s} s"


class Exercise(_Strict):
    """One card of the library: what it is for, how to do it, how much, and when not to.

    ``steps`` are plain-word instructions in order; ``sources`` are keys of
    :data:`achillescare.domain.evidence.rules.SOURCES` (``house`` where the dosing is our convention);
    ``schedule`` is set only for periodised protocols (week-by-week sets, reps and load);
    ``deep_dorsiflexion`` is true when the ankle goes below level (step edge, deep stretch);
    ``pain_limit_nrs`` is the most pain (0–10) allowed during the exercise (PM-1: at most 5).
    """

    id: str = Field(pattern=_ID_PATTERN, max_length=60)
    name: str = Field(min_length=3, max_length=80)
    category: Category
    purpose: str = Field(min_length=10)
    target_tissue: str = Field(min_length=3)
    knee: Knee | None = None
    contraction: Contraction | None = None
    deep_dorsiflexion: bool = False
    pain_limit_nrs: int = Field(default=PAIN_LIMIT_NRS, ge=0, le=PAIN_LIMIT_NRS)
    equipment: list[str] = Field(default_factory=list)
    home_alternative: str | None = Field(default=None, pattern=_ID_PATTERN, max_length=60)
    """The card to do instead without a gym (a machine or a barbell): same tissue, body weight
    or a loaded backpack. Checked to name another card when the library loads."""
    steps: list[str] = Field(min_length=2)
    common_mistakes: list[str] = Field(min_length=1)
    dosing: Dosing
    schedule: list[ScheduleStep] = Field(default_factory=list)
    progression: str = Field(min_length=10)
    regression: str = Field(min_length=10)
    contraindications: list[str] = Field(min_length=1)
    evidence_note: str = ""
    sources: list[str] = Field(min_length=1)
    phase: list[Phase] = Field(min_length=1)
    illustration: str = Field(pattern=r"^[a-z][a-z0-9_]*\.svg$")

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, keys: list[str]) -> list[str]:
        unknown = [key for key in keys if key not in SOURCES]
        if unknown:
            raise LibraryError(
                f"unknown source key(s) {unknown}; add them to domain.evidence first"
            )
        return keys

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.illustration != f"{self.id}.svg":
            raise LibraryError(f"illustration must be '{self.id}.svg'")
        tissue = self.target_tissue.lower()
        if self.knee == "bent" and "soleus" not in tissue:
            raise LibraryError(
                "a bent-knee calf exercise targets the soleus (O'Neill, Barry & Watson 2019)"
            )
        if self.knee == "straight" and "gastrocnemius" not in tissue:
            raise LibraryError("a straight-knee calf exercise targets the gastrocnemius (§3.7)")
        weeks = [(step.weeks_from, step.weeks_to) for step in self.schedule]
        for (_, previous_to), (next_from, _) in pairwise(weeks):
            if next_from != previous_to + 1:
                raise LibraryError("schedule weeks must follow on without gaps or overlaps")
        return self

    def dosing_for_week(self, week: int) -> Dosing:
        """The dosing in protocol week ``week`` (1-based): the schedule's step when there is one,
        else the card's standing dosing. After the last step the last one holds."""
        if week < 1:
            raise LibraryError("protocol weeks start at 1")
        chosen = next((s for s in self.schedule if s.weeks_from <= week <= s.weeks_to), None)
        if chosen is None and self.schedule and week > self.schedule[-1].weeks_to:
            chosen = self.schedule[-1]
        if chosen is None:
            return self.dosing
        return self.dosing.model_copy(
            update={"sets": chosen.sets, "reps": chosen.reps, "load": chosen.load}
        )
