"""Sources and rules: every threshold the runner sees carries the paper it comes from.

Each domain module declares its rules as :class:`Rule` values in a module-level ``RULES`` tuple;
:mod:`achillescare.domain.evidence.rulebook` collects them, and ``docs/clinical-rules.md`` is generated from
that collection (``scripts/gen_clinical_rules.py``; a test fails when the page has drifted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Verification = Literal["verified", "partly", "unverified", "house"]


_CITE = re.compile(r"^.+? ((?:19|20)\d\d), (.+)$")


@dataclass(frozen=True, slots=True)
class Source:
    """A citable source. ``key`` is short and stable (``nielsen2014``); ``cite`` is what users see,
    written "Authors YEAR, Venue volume(issue):pages". ``year`` and ``venue`` are read from it
    unless given (for a cite in another shape); a published source without them is incomplete."""

    key: str
    cite: str
    doi: str | None = None
    note: str = ""
    year: int | None = None
    venue: str = ""

    def __post_init__(self) -> None:
        match = _CITE.match(self.cite)
        if match is None:
            return
        if self.year is None:
            object.__setattr__(self, "year", int(match.group(1)))
        if not self.venue:
            venue = re.split(r" \d|\(|:", match.group(2))[0].strip()
            object.__setattr__(self, "venue", venue)


@dataclass(frozen=True, slots=True)
class Rule:
    """One clinical or training rule, as documented and as reported when it fires.

    ``id`` is stable (``PM-2``, ``RF-URGENT-1``, ``LOAD-SPIKE``); ``statement`` says the rule in
    plain words with its numbers; ``sources`` are keys of :data:`SOURCES`; ``verification`` says how
    far the team checked the numbers against the paper (``house`` = our own convention, no paper).
    """

    id: str
    title: str
    statement: str
    sources: tuple[str, ...]
    verification: Verification = "verified"
    area: str = ""
    notes: str = ""
    thresholds: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # A number that is our own must say so where the runner reads the rule, not only in the
        # notes: the statement gains a plain label unless it already names the convention.
        if self.rests_on_house_defaults and not HOUSE_WORDS.search(self.statement):
            label = HOUSE_LABEL if self.verification == "house" else HOUSE_PART_LABEL
            object.__setattr__(self, "statement", f"{self.statement} {label}")

    @property
    def rests_on_house_defaults(self) -> bool:
        """True when the rule, or some of its numbers, is AchillesCare's own convention."""
        return self.verification == "house" or "house" in self.sources

    def citation(self) -> str:
        """The short citation line shown next to a fired rule; a rule resting on house defaults
        always names the convention, even when it also cites papers."""
        keys = list(self.sources)
        if self.rests_on_house_defaults and "house" not in keys:
            keys.append("house")
        return "; ".join(SOURCES[key].cite for key in keys)


HOUSE_WORDS = re.compile(r"\bhouse\b|our own|AchillesCare convention", re.IGNORECASE)
HOUSE_LABEL = "(House default: AchillesCare's own convention, not a published threshold.)"
HOUSE_PART_LABEL = (
    "(Some of these numbers are house defaults: AchillesCare's own, not published thresholds.)"
)


_ALL_SOURCES = (
    Source(
        "silbernagel2007",
        "Silbernagel et al. 2007, Am J Sports Med 35:897–906",
        "10.1177/0363546506298279",
        "Pain-monitoring model; continued running during rehab.",
    ),
    Source(
        "silbernagel2015",
        "Silbernagel & Crossley 2015, JOSPT 45(11):876–886",
        "10.2519/jospt.2015.5885",
        "Return to sport after Achilles tendinopathy.",
    ),
    Source(
        "silbernagel2020",
        "Silbernagel, Hanlon & Sprague 2020, J Athl Train 55(5):438–447",
        "10.4085/1062-6050-356-19",
        "Current clinical concepts: Achilles tendinopathy.",
    ),
    Source(
        "martin2018",
        "Martin et al. 2018, JOSPT 48(5):A1–A38 (Achilles CPG revision 2018)",
        "10.2519/jospt.2018.0302",
        "Clinical practice guideline, midportion tendinopathy.",
    ),
    Source(
        "alfredson1998",
        "Alfredson et al. 1998, Am J Sports Med 26(3):360–366",
        "10.1177/03635465980260030301",
        "Heavy-load eccentric calf training.",
    ),
    Source(
        "jonsson2008",
        "Jonsson et al. 2008, Br J Sports Med 42(9):746–749",
        "10.1136/bjsm.2007.039545",
        "Eccentric training without dorsiflexion for insertional pain.",
    ),
    Source(
        "beyer2015",
        "Beyer et al. 2015, Am J Sports Med 43(7):1704–1711",
        "10.1177/0363546515584760",
        "Heavy slow resistance vs eccentric training.",
    ),
    Source(
        "oneill2019",
        "O'Neill et al. 2019, Knee Surg Sports Traumatol Arthrosc 27(9):2765–2773",
        "10.1007/s00167-018-5050-z",
        "45-s heavy isometric plantar-flexor holds, 16 patients: no meaningful acute pain "
        "relief (functional-task NRS 4.2 → 4.9, n.s.). Checked against PMC6706360; the earlier "
        "'BJSM 53(7):402' citation could not be found and was replaced.",
    ),
    Source(
        "robinson2001",
        "Robinson et al. 2001, Br J Sports Med 35(5):335–341",
        "10.1136/bjsm.35.5.335",
        "The VISA-A questionnaire.",
    ),
    Source(
        "clarsen2020",
        "Clarsen et al. 2020, Br J Sports Med 54(7):390–396",
        "10.1136/bjsports-2019-101337",
        "OSTRC-O2 / OSTRC-H2 questionnaires.",
    ),
    Source(
        "nielsen2014",
        "Nielsen et al. 2014, JOSPT 44(10):739–747",
        "10.2519/jospt.2014.5164",
        "Weekly progression > 30 % and distance-related injuries.",
    ),
    Source(
        "frandsen2025",
        "Frandsen et al. 2025, Br J Sports Med (Garmin-RUNSAFE)",
        "10.1136/bjsports-2024-109380",
        "Single-session spikes vs the longest run of 30 days.",
    ),
    Source(
        "gabbett2016",
        "Gabbett 2016, Br J Sports Med 50(5):273–280",
        "10.1136/bjsports-2015-095788",
        "Acute:chronic workload ratio.",
    ),
    Source(
        "williams2017",
        "Williams et al. 2017, Br J Sports Med 51(3):209–210",
        "10.1136/bjsports-2016-096589",
        "EWMA acute:chronic ratio.",
    ),
    Source(
        "lolli2019",
        "Lolli et al. 2019, Br J Sports Med 53(15):921–922",
        "10.1136/bjsports-2017-098110",
        "Mathematical coupling in the ACWR.",
    ),
    Source(
        "impellizzeri2020",
        "Impellizzeri et al. 2020, Int J Sports Physiol Perform 15(6):907–913",
        "10.1123/ijspp.2019-0864",
        "ACWR: no causal basis.",
    ),
    Source(
        "foster1998",
        "Foster 1998, Med Sci Sports Exerc 30(7):1164–1168",
        "10.1097/00005768-199807000-00023",
        "Training monotony and strain.",
    ),
    Source(
        "chisholm2012",
        "Chisholm, Birmingham, Brown, MacDermid & Chesworth 2012, Physiother Can 64(4):347–355",
        "10.3138/ptc.2011-41",
        "Reliability and validity of the weight-bearing lunge (knee-to-wall) test, 53 patients "
        "with ankle injury or dysfunction: minimal detectable change 1.0 cm for the affected leg "
        "and 1.5 cm for the between-leg difference (abstract, PMC3484905). The earlier 'J Foot "
        "Ankle Res 5(Suppl 1):P2' citation was wrong.",
    ),
    Source(
        "heberlosier2017",
        "Hébert-Losier, Wessman, Alricsson & Svantesson 2017, Physiotherapy 103(4):446–452",
        "10.1016/j.physio.2017.03.002",
        "Updated reliability and normative values for the standing heel-rise test in healthy "
        "adults: 566 adults, single-leg heel rises to fatigue on a 10° incline; median 24 (men) "
        "and 21 (women); test–retest 95 % limits of agreement about ±6 reps (abstract, PubMed "
        "28886865). The earlier 'Phys Ther Sport 23:76–88' citation was wrong.",
    ),
    Source(
        "freckleton2014",
        "Freckleton et al. 2014, Br J Sports Med 48(8):713–717",
        "10.1136/bjsports-2013-092356",
        "Single-leg bridge test.",
    ),
    Source(
        "heiderscheit2011",
        "Heiderscheit et al. 2011, Med Sci Sports Exerc 43(2):296–302",
        "10.1249/MSS.0b013e3181ebedf4",
        "Step rate and joint loading.",
    ),
    Source(
        "lovdal2021",
        "Lövdal, den Hartigh & Azzopardi 2021, Int J Sports Physiol Perform 16(10)",
        "10.1123/ijspp.2020-0518",
        "Injury prediction from training logs.",
    ),
    Source(
        "bradford2021",
        "Bradford et al. 2021, Int J Sports Med 42(12):1122–1127",
        "10.1055/a-1398-5501",
        "Pilot crossover, 11 runners: small immediate pain drop after isometric plantar "
        "flexion, knee straight or bent to 80°.",
    ),
    Source(
        "oneill2019pts",
        "O'Neill, Barry & Watson 2019, Phys Ther Sport 37:69–76",
        "10.1016/j.ptsp.2019.03.002",
        "Plantar-flexor deficits in midportion tendinopathy tested knee straight and knee "
        "bent (soleus).",
    ),
    Source(
        "weinertaplin2015",
        "Weinert-Aplin, Bull & McGregor 2015, J Sports Sci Med 14:459–465",
        None,
        "Bent-knee heel drop shortens the gastrocnemius; Achilles load unchanged.",
    ),
    Source(
        "fahlstrom2003",
        "Fahlström et al. 2003, Knee Surg Sports Traumatol Arthrosc 11:327–333",
        None,
        "Eccentric training: 89 % of midportion, 32 % of insertional tendons satisfied.",
    ),
    Source(
        "visaa_mcid2021",
        "VISA-A MCID for active people with midportion Achilles tendinopathy, JOSPT 2021;51(10)",
        None,
        "61 patients: 14 points over 12 weeks, 7 over 24 weeks (checked via a summary).",
        year=2021,
        venue="J Orthop Sports Phys Ther",
    ),
    Source(
        "maffulli1998",
        "Maffulli 1998, Am J Sports Med 26(2):266–270",
        "10.1177/03635465980260021801",
        "The clinical diagnosis of subcutaneous tear of the Achilles tendon, 174 ruptures and 28 "
        "suspected: calf squeeze sensitivity 0.96 / specificity 0.93, Matles 0.88 / 0.85, "
        "palpable gap 0.73 / 0.89 (abstract, PubMed 9548122). It studies clinicians' tests, not "
        "the history a runner reports (a pop, being unable to heel raise).",
    ),
    Source(
        "maffulli1999",
        "Maffulli 1999, J Bone Joint Surg Am 81(7):1019–1036",
        "10.2106/00004623-199907000-00017",
        "Current concepts review 'Rupture of the Achilles tendon': the history (a sudden pain at "
        "the back of the heel, often felt as a kick, sometimes with an audible snap), the "
        "weakness of push-off and being unable to stand on tiptoe on the injured leg, and how "
        "often the rupture is missed at first presentation (read in part).",
    ),
    Source(
        "shrier1996",
        "Shrier, Matheson & Kohl 1996, Clin J Sport Med 6(4):245–250",
        None,
        "Achilles tendonitis: are corticosteroid injections useful or harmful? (review).",
    ),
    Source(
        "wiegerinck2014",
        "Wiegerinck, Yntema, Brouwer & Struijs 2014, Eur J Pediatr 173(5):677–679",
        "10.1007/s00431-013-2219-9",
        "Calcaneal apophysitis (Sever's disease) in general practice: 3.7 per 1,000 patients "
        "aged 6–17.",
    ),
    Source(
        "belikan2022",
        "Belikan et al. 2022, J Orthop Surg Res 17 (Sever's disease in youth soccer)",
        "10.1186/s13018-022-02979-9",
        "Calcaneal apophysitis in a youth soccer academy; the apophysis appears at 7–9 years and "
        "fuses at 15–17, most cases at 8–15.",
    ),
    Source(
        "fda2008",
        "US FDA safety alert, 8 July 2008: fluoroquinolones, tendinitis and tendon rupture",
        None,
        "Boxed warning; stop the drug and rest the tendon at the first tendon pain.",
        year=2008,
        venue="US Food and Drug Administration safety alert",
    ),
    Source(
        "vandervlist2019",
        "van der Vlist et al. 2019, Br J Sports Med 53(21):1352–1361",
        "10.1136/bjsports-2018-099991",
        "Clinical risk factors for Achilles tendinopathy: systematic review (10 cohorts).",
    ),
    Source(
        "malisoux2016",
        "Malisoux et al. 2016, Am J Sports Med 44(11):2933–2940",
        None,
        "Heel-to-toe drop RCT (10/6/0 mm), 553 leisure-time runners, 6 months: no overall "
        "difference; low drop lower risk in occasional, higher in regular runners (secondary, "
        "stratified analysis). Abstract read; DOI not checked here, so not given.",
    ),
    Source(
        "house",
        "AchillesCare convention (no published threshold)",
        None,
        "Our own default; shown as such to the runner.",
    ),
)

SOURCES: dict[str, Source] = {source.key: source for source in _ALL_SOURCES}
"""Every source the software cites, by key. Add a source here before a rule cites it."""
