"""Every reference in the package is one a reader of the repository can open.

Docstrings, rule notes and templates cite papers (Frandsen et al. 2025) or the project's own
pages (``docs/clinical-rules.md``); they never point at a working document outside the
repository, a tracker issue, or a path on the machine the code was written on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "achillescare"
TEXT_SUFFIXES = {".py", ".html", ".md", ".toml", ".txt", ".css", ".js", ".json", ".ini", ".mako"}
VENDORED = PACKAGE / "web" / "static" / "vendor"

FORBIDDEN: dict[str, re.Pattern[str]] = {
    "the clinical spec, a document outside the repository": re.compile(
        r"clinical[- ]spec", re.IGNORECASE
    ),
    "a tracker issue": re.compile(r"\bissues?\s*#\s*\d*|\bissues?\s+\d+\b|\bthe issue\b", re.I),
    "a path outside the repository": re.compile(r"\.\./shared|/work/"),
}


def package_files() -> list[Path]:
    """The package's own text files (vendored front-end libraries are someone else's text)."""
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix in TEXT_SUFFIXES and VENDORED not in path.parents
    )


def offending_lines(text: str) -> list[str]:
    """``"line N: what"`` for every line of ``text`` that cites something a reader cannot open."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in FORBIDDEN.items():
            if pattern.search(line):
                found.append(f"line {number}: {what}: {line.strip()}")
    return found


class TestOffendingLines:
    @pytest.mark.parametrize(
        "line",
        [
            "the bands (clinical-spec.md §6.2)",
            "see ``../shared/corpus/README.md``",
            "measured in /work/shared/notes/fit.md",
            "fixed in issue #12",
            "as issue 7 asks",
            "The issue's JSON shape",
        ],
    )
    def test_it_finds_a_reference_a_reader_cannot_open(self, line: str) -> None:
        """Each kind of forbidden reference is caught on its own line."""
        assert offending_lines(f"ok\n{line}\n") == [
            next(f"line 2: {what}: {line}" for what, p in FORBIDDEN.items() if p.search(line))
        ]

    @pytest.mark.parametrize(
        "line",
        [
            "ok ≤ 110 % of the 30-day longest run (Frandsen et al. 2025)",
            "rule LOAD-8 in ``docs/clinical-rules.md``",
            "a see-a-clinician sign for the specialist",
            "tissue loading issued by the clinician",
        ],
    )
    def test_it_passes_a_paper_or_a_project_page(self, line: str) -> None:
        """Citations of papers and of the project's own pages are fine."""
        assert offending_lines(line) == []


def test_the_package_cites_only_what_a_reader_can_open() -> None:
    """No file under src/ names the clinical spec, a tracker issue or a path outside the repo."""
    files = package_files()
    assert len(files) > 50  # the walk really reached the package
    problems = [
        f"{path.relative_to(PACKAGE)} {problem}"
        for path in files
        for problem in offending_lines(path.read_text(encoding="utf-8"))
    ]
    assert problems == []
