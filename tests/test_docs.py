"""Docs cannot drift: the generated pages match the code, and every command teaches by example."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from achillescare.cli.main import app
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.evidence.rules import SOURCES

ROOT = Path(__file__).resolve().parent.parent


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN_DOCS = _gen_docs()


def test_the_generated_docs_are_current() -> None:
    """docs/clinical-rules.md and the README command reference equal what the code generates."""
    assert GEN_DOCS.main(["--check"]) == 0, "run: .venv/bin/python scripts/gen_docs.py"


def test_every_rule_cites_a_known_source_and_appears_in_the_rules_page() -> None:
    page = (ROOT / "docs" / "clinical-rules.md").read_text()
    for rule in all_rules():
        assert rule.sources, rule.id
        assert all(key in SOURCES for key in rule.sources), rule.id
        assert f"`{rule.id}`" in page


@pytest.mark.parametrize("path", GEN_DOCS._commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"achilles {' '.join(path)} --help shows no example"


def test_the_architecture_page_names_only_modules_that_exist() -> None:
    """docs/architecture.md follows a FIT file module by module; a renamed module fails here."""
    import re  # noqa: PLC0415

    page = (ROOT / "docs" / "architecture.md").read_text()
    package = ROOT / "src" / "achillescare"
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", page))
    assert len(named) >= 20, named
    missing = sorted(path for path in named if not (package / path).is_file())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"
    for layer in re.findall(r"achillescare\.([a-z_]+)", page):
        assert (package / layer).exists() or (package / f"{layer}.py").exists(), layer
