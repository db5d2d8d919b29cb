"""Tendon-loading protocols as dosing tables: Silbernagel's four phases (JAT 2020 Table 2),
Alfredson's eccentric 3 × 15 twice daily (1998; floor-level for insertional pain, Jonsson 2008)
and Beyer's heavy slow resistance week bands (2015).

The *week* of a protocol is a program level, advanced by :mod:`achillescare.domain.program.progression` only
when logged pain and adherence allow — never by the calendar alone.
"""

from __future__ import annotations

from typing import Literal

from achillescare.domain.evidence.rules import Rule
from achillescare.domain.program.plan import Prescription

Protocol = Literal["hsr", "alfredson", "silbernagel"]
PROTOCOLS: tuple[Protocol, ...] = ("hsr", "alfredson", "silbernagel")

HSR_BANDS: tuple[tuple[int, int, int, int], ...] = (
    (1, 1, 3, 15),
    (2, 3, 3, 12),
    (4, 5, 4, 10),
    (6, 8, 4, 8),
    (9, 12, 4, 6),
)
"""(first week, last week, sets, RM) of Beyer et al. 2015."""
HSR_TEMPO = "3 s up, 3 s down"
HSR_SESSIONS_PER_WEEK = 3
PROGRAM_WEEKS = 12
ALFREDSON_SETS, ALFREDSON_REPS, ALFREDSON_TIMES_PER_DAY = 3, 15, 2


def hsr_band(week: int) -> tuple[int, int]:
    """(sets, RM) of HSR week ``week`` (1–12; later weeks stay at the last band)."""
    week = min(max(week, 1), PROGRAM_WEEKS)
    for first, last, sets, rm in HSR_BANDS:
        if first <= week <= last:
            return sets, rm
    raise AssertionError("HSR bands cover weeks 1–12")  # pragma: no cover


def hsr_band_start(week: int) -> int:
    """The first week of the band holding ``week``: where a regression returns to."""
    week = min(max(week, 1), PROGRAM_WEEKS)
    return next(first for first, last, _, _ in HSR_BANDS if first <= week <= last)


def hsr(week: int, insertional: bool, why: str) -> tuple[Prescription, ...]:
    """Beyer 2015: seated, standing and leg-press calf raises, week ``week``'s sets × RM."""
    sets, rm = hsr_band(week)
    load = f"{rm}RM: a weight you can lift {rm} times and no more"
    tempo = HSR_TEMPO
    seated_variant = "knee bent: soleus emphasis"
    standing_variant = "forefoot on a step, full range"
    press_variant = "full ankle range"
    if insertional:
        seated_variant = "knee bent, stop at neutral: no stretch into dorsiflexion (insertional)"
        standing_variant = "on the floor: heel no lower than floor level (insertional pain)"
        press_variant = "stop at neutral: no stretch into dorsiflexion (insertional pain)"
    return (
        Prescription(
            "heavy_slow_calf_raise_seated",
            sets,
            rm,
            load=load,
            tempo=tempo,
            variant=seated_variant,
            why=why,
        ),
        Prescription(
            "heavy_slow_calf_raise_standing",
            sets,
            rm,
            load=load,
            tempo=tempo,
            variant=standing_variant,
            why=why,
        ),
        Prescription(
            "leg_press_calf_raise", sets, rm, load=load, tempo=tempo, variant=press_variant, why=why
        ),
    )


def _extra(extra_load_kg: float) -> str:
    return f"body weight + {extra_load_kg:g} kg (backpack)" if extra_load_kg > 0 else "body weight"


def alfredson(insertional: bool, extra_load_kg: float, why: str) -> tuple[Prescription, ...]:
    """Alfredson 1998: 3 × 15 knee straight and 3 × 15 knee bent, twice a day, every day;
    insertional pain: the same off a flat floor, no drop below floor level (Jonsson 2008)."""
    load = _extra(extra_load_kg)
    tempo = "lower slowly on the painful leg, rise on both"
    if insertional:
        return tuple(
            Prescription(
                "eccentric_heel_drop_floor",
                ALFREDSON_SETS,
                ALFREDSON_REPS,
                load=load,
                tempo=tempo,
                variant=variant,
                times_per_day=ALFREDSON_TIMES_PER_DAY,
                why=why,
            )
            for variant in ("knee straight", "knee bent")
        )
    return (
        Prescription(
            "eccentric_heel_drop_straight",
            ALFREDSON_SETS,
            ALFREDSON_REPS,
            load=load,
            tempo=tempo,
            variant="gastrocnemius emphasis",
            times_per_day=ALFREDSON_TIMES_PER_DAY,
            why=why,
        ),
        Prescription(
            "eccentric_heel_drop_bent",
            ALFREDSON_SETS,
            ALFREDSON_REPS,
            load=load,
            tempo=tempo,
            variant="soleus emphasis",
            times_per_day=ALFREDSON_TIMES_PER_DAY,
            why=why,
        ),
    )


def silbernagel(
    phase: int, insertional: bool, extra_load_kg: float, why: str
) -> tuple[Prescription, ...]:
    """Silbernagel's comprehensive tendon-loading protocol (JAT 2020 Table 2), by phase.
    Phase 1 and insertional pain stay on the floor; step-edge work from phase 2 (mid-portion)."""
    on_floor = insertional or phase == 1
    surface = "on the floor" if on_floor else "on the edge of a step"
    drop = "eccentric_heel_drop_floor" if on_floor else "eccentric_heel_drop_straight"
    weighted = _extra(extra_load_kg) if phase >= 3 else "body weight"
    rebound = Prescription("quick_rebound_heel_raise", 3, 20, variant=surface, why=why)
    if phase == 1:
        return (
            Prescription("ankle_pumps", 1, seconds=60, variant="foot up and down (circulation)",
                         why=why),
            Prescription("isometric_calf_hold", 5, seconds=45,
                         load="a hold you can keep at pain ≤ 5/10",
                         variant="optional, if loading hurts too much", why=why),
            Prescription("double_leg_heel_raise", 3, 10, variant="on the floor; up to 15 when easy",
                         why=why),
            Prescription("single_leg_heel_raise", 3, 10, variant=surface, why=why),
            Prescription(drop, 3, 10, variant=surface, why=why),
            Prescription("seated_soleus_raise", 3, 10, why=why),
        )  # fmt: skip
    if phase == 2:
        return (
            Prescription("double_leg_heel_raise", 3, 15, variant=surface, why=why),
            Prescription("single_leg_heel_raise", 3, 15, variant=surface, why=why),
            Prescription(drop, 3, 15, variant=surface, why=why),
            Prescription("seated_soleus_raise", 3, 15, why=why),
            rebound,
        )
    if phase == 3:
        return (
            Prescription("single_leg_heel_raise", 3, 15, load=weighted, variant=surface, why=why),
            Prescription(drop, 3, 15, load=weighted, variant=surface, why=why),
            Prescription("seated_soleus_raise", 3, 15, load="added weight on the knees", why=why),
            rebound,
        )
    return (
        Prescription("single_leg_heel_raise", 3, 15, load=weighted, variant=surface, why=why),
        Prescription(drop, 3, 15, load=weighted, variant=surface, why=why),
        rebound,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "PROG-HSR",
        "Heavy slow resistance dosing",
        "Seated, standing and leg-press calf raises, 3 sessions a week, 3 s up + 3 s down: 3 × 15RM "
        "(week 1), 3 × 12RM (2–3), 4 × 10RM (4–5), 4 × 8RM (6–8), 4 × 6RM (9–12). The week advances "
        "only after a logged week within the pain rules.",
        ("beyer2015",),
        "partly",
        "programs",
        notes="Weeks 6–8 at 8RM is partly verified (row missing in the one full source).",
        thresholds=(("sessions_per_week", "3"), ("tempo_s", "3+3")),
    ),
    Rule(
        "PROG-ALFREDSON",
        "Alfredson eccentric dosing",
        "Heel drops knee straight and knee bent, 3 × 15 each, twice a day, every day (180 reps a "
        "day); add a backpack load once the exercise is pain-free.",
        ("alfredson1998",),
        "partly",
        "programs",
        thresholds=(("sets", "3"), ("reps", "15"), ("times_per_day", "2")),
        notes="The abstract (15 athletes, 12 weeks) was read; the 3 × 15 twice-daily dose is from reviews (Jonsson et al. 2008 use the same dose), not re-read in the paper. Alfredson's model adds load when the exercise no longer hurts.",
    ),
    Rule(
        "PROG-INSERTIONAL",
        "Insertional pain stays on the floor",
        "With pain at the heel-bone insertion, heel drops are done on flat floor (no dorsiflexion "
        "below floor level), no step-edge work and no calf stretching into deep dorsiflexion in the "
        "early phases.",
        ("jonsson2008", "silbernagel2020"),
        "verified",
        "programs",
        notes="Jonsson 2008: 67 % satisfied with floor-level training vs 32 % with the step version "
        "(Fahlström 2003); JAT 2020 Table 2: 'if pain at the distal insertion, continue standing on "
        "the floor'.",
    ),
    Rule(
        "PROG-SILBERNAGEL",
        "Silbernagel phased tendon-loading protocol",
        "Phase 1 (floor, 3 × 10) → 2 (step edge, 3 × 15, quick rebounds 3 × 20) → 3 (added weight, "
        "plyometrics, running) → 4 (maintenance 2–3 × a week).",
        ("silbernagel2020", "silbernagel2007"),
        "partly",
        "programs",
        notes="Phases 1–3 read in JAT 2020 Table 2 (PMC7249277); phase 4 content beyond its title "
        "not read.",
    ),
)
