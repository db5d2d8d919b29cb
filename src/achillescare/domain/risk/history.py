"""Risk factors from the runner's history (previous injury, age, fluoroquinolones) and those only
a clinician can assess (CPG-listed: pronation, subtalar range, tendon structure, medical
conditions), with the :class:`RiskFactor` record shared with :mod:`achillescare.domain.risk.profile`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from achillescare.domain.evidence.rules import Rule

FactorStatus = Literal["present", "absent", "unknown", "not_assessed"]
AGE_ASSOCIATION_YEARS = 40
"""Age over ~30–40 is a commonly reported association; 40 is our (house) line."""


@dataclass(frozen=True, slots=True)
class RunnerHistory:
    """What the runner tells us about their past; None = not answered."""

    previous_achilles_injury: bool | None = None
    fluoroquinolone_recent: bool | None = None
    age_years: int | None = None


@dataclass(frozen=True, slots=True)
class RiskFactor:
    """One factor as found for this runner."""

    id: str
    name: str
    status: FactorStatus
    finding: str
    why: str
    evidence: str
    sources: tuple[str, ...]
    addressed_by: tuple[str, ...]
    rule_id: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "finding": self.finding,
            "why": self.why,
            "evidence": self.evidence,
            "sources": list(self.sources),
            "addressed_by": list(self.addressed_by),
            "rule_id": self.rule_id,
        }


CPG_NOTE = (
    "Verification: the 2018 CPG's recommendation grades could not be read (only its title page is "
    "in the searchable corpus; searches for the A2 summary found only the 2010 CPG's first page, "
    "which lists abnormal dorsiflexion, abnormal subtalar range, decreased plantar-flexion "
    "strength, increased pronation and abnormal tendon structure as intrinsic risk factors). No "
    "grade letter is shown to users."
)


def history_factors(history: RunnerHistory) -> tuple[RiskFactor, ...]:
    previous = history.previous_achilles_injury
    age = history.age_years
    fq = history.fluoroquinolone_recent
    return (
        RiskFactor(
            "previous_injury",
            "Previous Achilles injury",
            "unknown" if previous is None else ("present" if previous else "absent"),
            {
                None: "Not answered.",
                True: "You have had Achilles trouble before.",
                False: "No previous Achilles injury.",
            }[previous],
            "Recurrence is common on return to sport; prior lower-limb tendinopathy is associated "
            "with new Achilles tendinopathy.",
            "Limited evidence (van der Vlist 2019); recurrence noted by Silbernagel & Crossley 2015.",
            ("vandervlist2019", "silbernagel2015"),
            ("eccentric_heel_drop_straight", "eccentric_heel_drop_bent"),
            "RISK-HISTORY",
        ),
        RiskFactor(
            "age",
            "Age",
            "unknown" if age is None else ("present" if age >= AGE_ASSOCIATION_YEARS else "absent"),
            "Age not set." if age is None else f"{age} years.",
            "Tendon stiffness and capacity decline with age; Achilles tendinopathy peaks in "
            "middle-aged runners.",
            "Commonly reported association; the 40-year line is ours.",
            ("house",),
            ("heavy_slow_calf_raise_standing", "heavy_slow_calf_raise_seated"),
            "RISK-AGE",
        ),
        RiskFactor(
            "fluoroquinolones",
            "Fluoroquinolone antibiotics",
            "unknown" if fq is None else ("present" if fq else "absent"),
            {
                None: "Not answered.",
                True: "Recent fluoroquinolone antibiotic: talk to your prescriber and a clinician "
                "before loading the tendon hard.",
                False: "No recent fluoroquinolone antibiotics.",
            }[fq],
            "Fluoroquinolones raise the risk of tendinopathy and rupture, more so over 60 and with "
            "corticosteroids, even months after the course.",
            "FDA boxed warning (2008); limited evidence for ofloxacin (van der Vlist 2019).",
            ("fda2008", "vandervlist2019"),
            (),
            "RISK-FQ",
        ),
    )


def clinician_factors() -> tuple[RiskFactor, ...]:
    clinician = "Needs a clinician's examination; the app does not measure it."
    return (
        RiskFactor(
            "foot_pronation",
            "Foot pronation",
            "not_assessed",
            clinician,
            "Listed as an intrinsic factor in the CPG.",
            "CPG-listed (Martin 2018); static foot posture was not associated (van der Vlist 2019).",
            ("martin2018", "vandervlist2019"),
            (),
            "RISK-CLINICIAN",
        ),
        RiskFactor(
            "subtalar_range",
            "Subtalar joint range",
            "not_assessed",
            clinician,
            "Listed as an intrinsic factor in the CPG.",
            "CPG-listed (Martin 2018); grade not confirmed.",
            ("martin2018",),
            (),
            "RISK-CLINICIAN",
        ),
        RiskFactor(
            "tendon_structure",
            "Tendon structure",
            "not_assessed",
            "Needs imaging (ultrasound).",
            "Abnormal tendon structure is listed as an intrinsic factor in the CPG.",
            "CPG-listed (Martin 2018); grade not confirmed.",
            ("martin2018",),
            (),
            "RISK-CLINICIAN",
        ),
        RiskFactor(
            "medical_conditions",
            "Adiposity, hypertension, high cholesterol, diabetes",
            "not_assessed",
            "Ask your doctor; the app does not record these.",
            "Listed by the CPG as associated medical conditions.",
            "CPG-listed (Martin 2018); being overweight was not associated (van der Vlist 2019).",
            ("martin2018", "vandervlist2019"),
            (),
            "RISK-CLINICIAN",
        ),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "RISK-HISTORY",
        "Previous Achilles injury",
        "Present when the runner reports an earlier Achilles injury.",
        ("vandervlist2019", "silbernagel2015"),
        "partly",
        "risk",
        notes="van der Vlist 2019 abstract: prior lower-limb tendinopathy or fracture, limited "
        "evidence; an earlier Achilles injury specifically is not what it measured.",
    ),
    Rule(
        "RISK-AGE",
        "Age",
        "Present at 40 years or older (a commonly reported association; the age line is AchillesCare's own).",
        ("house",),
        "house",
        "risk",
        thresholds=(("age_years", "40"),),
    ),
    Rule(
        "RISK-FQ",
        "Fluoroquinolone antibiotics",
        "Present when the runner reports a recent fluoroquinolone; the finding tells them to talk to "
        "the prescriber and a clinician.",
        ("fda2008", "vandervlist2019"),
        "verified",
        "risk",
    ),
    Rule(
        "RISK-CLINICIAN",
        "Factors only a clinician assesses",
        "Foot pronation, subtalar range, tendon structure and medical conditions are listed as "
        "not assessed.",
        ("martin2018", "vandervlist2019"),
        "partly",
        "risk",
        notes=CPG_NOTE,
    ),
)
