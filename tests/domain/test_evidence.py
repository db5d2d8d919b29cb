"""Citations and labels: every source has a venue and a year, the corrected references stay
corrected, and every rule resting on a house default says so where the runner reads it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.decision.verdicts import reason
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.evidence.rules import HOUSE_WORDS, SOURCES, Rule

ROOT = Path(__file__).resolve().parents[2]
RULES = all_rules()
HOUSE_RULES = [r for r in RULES if r.rests_on_house_defaults]


def test_no_source_lacks_a_venue_or_a_year() -> None:
    """Every published source names where and when it appeared (the house convention excepted)."""
    missing = [
        key
        for key, source in SOURCES.items()
        if key != "house" and (not source.venue or source.year is None)
    ]
    assert missing == []
    for key, source in SOURCES.items():
        if key != "house":
            assert str(source.year) in source.cite, key


@pytest.mark.parametrize("rule", HOUSE_RULES, ids=[r.id for r in HOUSE_RULES])
def test_every_rule_with_house_thresholds_says_so_in_its_user_visible_text(rule: Rule) -> None:
    """The statement (rules page) and the citation next to a fired rule (explanations) both name
    the house convention, not only the notes."""
    assert HOUSE_WORDS.search(rule.statement), rule.statement
    assert "AchillesCare convention" in reason(rule, "modify").source


def test_house_label_is_added_once_and_only_to_house_rules() -> None:
    """A published rule is left as written; a house rule that already says so is not relabelled."""
    published = Rule("X-1", "t", "Pain above 5/10.", ("silbernagel2007",))
    assert published.statement == "Pain above 5/10."
    assert not published.rests_on_house_defaults
    own = Rule("X-2", "t", "Ten days (house default).", ("house",), "house")
    assert own.statement == "Ten days (house default)."
    mixed = Rule("X-3", "t", "Two runs.", ("silbernagel2007",), "house")
    assert mixed.statement.startswith("Two runs. (House default")
    assert mixed.citation().endswith("AchillesCare convention (no published threshold)")


def test_a_fired_house_rule_is_labelled_in_decide_json() -> None:
    """No check-in today (DATA-1, a house rule): the reason's source names the convention."""
    result = CliRunner().invoke(
        app, ["decide", "--json"], input='{"as_of": "2026-12-01", "checkins": []}'
    )
    assert result.exit_code == 0, result.output
    reasons = json.loads(result.stdout)["reasons"]
    assert any(r["rule"] == "DATA-1" and "AchillesCare convention" in r["source"] for r in reasons)


def test_heel_raise_norms_cite_physiotherapy_2017_not_phys_ther_sport() -> None:
    """Hébert-Losier et al. 2017 is Physiotherapy 103(4):446–452, doi:10.1016/j.physio.2017.03.002."""
    source = SOURCES["heberlosier2017"]
    assert "Physiotherapy 103(4):446–452" in source.cite
    assert source.doi == "10.1016/j.physio.2017.03.002"
    doc = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    cited = [line for line in doc.splitlines() if line.startswith("*Source:*")]
    assert not [line for line in cited if "Phys Ther Sport 23" in line]
    assert any("Hébert-Losier, Wessman" in line for line in cited)
    assert "doi:10.1016/j.physio.2017.03.002" in doc


def test_knee_to_wall_error_cites_chisholm_2012_in_physiotherapy_canada() -> None:
    """Chisholm et al. 2012 (MDC 1.0 / 1.5 cm) is Physiother Can 64(4):347–355."""
    source = SOURCES["chisholm2012"]
    assert "Physiother Can 64(4):347–355" in source.cite
    assert source.doi == "10.3138/ptc.2011-41"
    assert "J Foot Ankle Res" not in source.cite


def test_rupture_tests_cite_maffulli_1998_with_its_doi() -> None:
    """Maffulli 1998 AJSM 26(2):266–270 carries its DOI and says what it studied."""
    source = SOURCES["maffulli1998"]
    assert source.doi == "10.1177/03635465980260021801"
    assert re.search(r"calf squeeze sensitivity 0\.96", source.note)


def test_rules_checked_only_against_secondary_material_are_not_labelled_checked() -> None:
    """Labels that could not be backed by the paper itself were downgraded."""
    by_id = {r.id: r for r in RULES}
    for rule_id in ("VISA-2", "VISA-3", "OSTRC-1", "OSTRC-3", "PROG-HSR", "PROG-ALFREDSON",
                    "PROG-PHASE-2", "PROG-PHASE-3", "RISK-TRAINING", "RISK-HISTORY"):  # fmt: skip
        assert by_id[rule_id].verification == "partly", rule_id
