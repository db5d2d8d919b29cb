"""Regenerate the docs that are derived from the code, or check that they are current.

- ``docs/clinical-rules.md`` from every ``Rule`` in :func:`achillescare.domain.evidence.rulebook.all_rules`;
- ``docs/python-api.md`` from the names and docstrings of :mod:`achillescare.api`;
- the README's command reference, between the ``<!-- cli-reference -->`` markers, from ``--help``.

Usage: ``python scripts/gen_docs.py`` (write) or ``python scripts/gen_docs.py --check`` (exit 1 if
stale). ``tests/test_docs.py`` runs the check, so docs cannot drift from the code.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from pathlib import Path

from typer import Context
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from achillescare import api
from achillescare.cli.main import app
from achillescare.domain.evidence.rulebook import all_rules
from achillescare.domain.evidence.rules import SOURCES, Rule

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = ROOT / "docs" / "clinical-rules.md"
API_DOC = ROOT / "docs" / "python-api.md"
README = ROOT / "README.md"
BEGIN, END = "<!-- cli-reference:begin -->", "<!-- cli-reference:end -->"

_VERIFICATION = {
    "verified": "checked against the paper",
    "partly": "partly checked",
    "unverified": "not yet checked against the paper",
    "house": "AchillesCare convention, no published threshold",
}


def clinical_rules_markdown() -> str:
    lines = [
        "# Clinical and training rules",
        "",
        "Generated from the code by `scripts/gen_docs.py`; do not edit by hand. Every rule the",
        "software applies is listed here with its numbers and sources. AchillesCare gives decision",
        "support, not a diagnosis: see a physiotherapist or doctor when it tells you to, and whenever",
        "you are unsure.",
        "",
    ]
    rules = all_rules()
    areas: dict[str, list[Rule]] = {}
    for rule in rules:
        areas.setdefault(rule.area or "General", []).append(rule)
    for area, area_rules in areas.items():
        lines += [f"## {area}", ""]
        for rule in area_rules:
            lines.append(f"### `{rule.id}` — {rule.title}")
            lines += ["", rule.statement, ""]
            for name, value in rule.thresholds:
                lines.append(f"- {name}: {value}")
            if rule.thresholds:
                lines.append("")
            lines.append(f"*Source:* {rule.citation()}  ")
            lines.append(f"*Evidence check:* {_VERIFICATION[rule.verification]}")
            if rule.notes:
                lines += ["", f"*Notes:* {rule.notes}"]
            lines.append("")
    cited = sorted({key for rule in rules for key in rule.sources})
    lines += ["## References", ""]
    for key in cited:
        source = SOURCES[key]
        doi = f" doi:{source.doi}" if source.doi else ""
        lines.append(f"- **{key}**: {source.cite}.{doi} {source.note}".rstrip())
    return "\n".join(lines) + "\n"


def _commands() -> list[list[str]]:
    """Every command path, e.g. ["import"], ["runner", "add"], in declaration order."""
    root = get_command(app)
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        if isinstance(command, TyperGroup):  # the root loads its commands on demand
            if prefix and command.invoke_without_command:  # a group that also runs by itself
                paths.append(prefix)
            context = Context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*prefix, name])
        else:
            paths.append(prefix)

    walk(root, [])
    return paths


def cli_reference_markdown() -> str:
    runner = CliRunner()
    env = {
        "COLUMNS": "100",
        "TERMINAL_WIDTH": "100",
        "NO_COLOR": "1",
        "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    }
    parts = [BEGIN, ""]
    for path in [[], *_commands()]:
        result = runner.invoke(app, [*path, "--help"], env=env, prog_name="achilles")
        title = " ".join(["achilles", *path])
        text = re.sub(r"[ \t]+\n", "\n", result.output).strip()
        parts += [f"### `{title}`", "", "```", text, "```", ""]
    parts.append(END)
    return "\n".join(parts)


class _Written(str):
    """An annotation shown as written in the source (``list[Rule]``, not ``'list[Rule]'``)."""

    def __repr__(self) -> str:
        return str(self)


def _signature(function: object) -> str:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    unquoted = signature.replace(
        parameters=[
            p.replace(annotation=_Written(p.annotation)) if isinstance(p.annotation, str) else p
            for p in signature.parameters.values()
        ],
        return_annotation=_Written(signature.return_annotation)
        if isinstance(signature.return_annotation, str)
        else signature.return_annotation,
    )
    return re.sub(r"\s+", " ", str(unquoted))


def python_api_markdown() -> str:
    """Each name of ``achillescare.api.__all__``: functions with their signature, then types."""
    intro = inspect.getdoc(api) or ""
    lines = [
        "# The Python API",
        "",
        "Generated from `src/achillescare/api.py` by `scripts/gen_docs.py`; do not edit by hand.",
        "`from achillescare import api` gives every name below (a test keeps `__all__` and this",
        "page complete).",
        "",
        intro,
        "",
        "## Functions",
        "",
    ]
    functions = [name for name in api.__all__ if inspect.isfunction(getattr(api, name))]
    for name in functions:
        member = getattr(api, name)
        lines += [f"### `api.{name}`", "", "```python", f"{name}{_signature(member)}", "```", ""]
        lines += [inspect.getdoc(member) or "", ""]
    lines += ["## Types", ""]
    for name in api.__all__:
        if name not in functions:
            doc = (inspect.getdoc(getattr(api, name)) or "").split("\n\n")[0]
            lines += [f"- `api.{name}`: {' '.join(doc.split())}"]
    return "\n".join(lines) + "\n"


def updated_readme(current: str) -> str:
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < 0:
        raise SystemExit(f"README.md lacks the {BEGIN} … {END} markers")
    return current[:start] + cli_reference_markdown() + current[end + len(END) :]


def main(argv: list[str]) -> int:
    os.environ.setdefault("COLUMNS", "100")
    check = "--check" in argv
    wanted = {
        RULES_DOC: clinical_rules_markdown(),
        API_DOC: python_api_markdown(),
        README: updated_readme(README.read_text()),
    }
    stale = [path for path, text in wanted.items() if not path.exists() or path.read_text() != text]
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python scripts/gen_docs.py")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
