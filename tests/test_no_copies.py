"""No block of code is written twice in ``src/`` (migrations aside: each is a frozen record of
one schema change and must not import another).

A copy is six meaningful lines that stand identically in two places, once white space is folded
and blank lines, comments, import lines and lone brackets are passed over: the shape of a
copy-paste, which the next change then fixes in one place only. Code that is alike but for names
and values (two dataclasses, two routes) is not a copy and is not counted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import achillescare

WINDOW = 6
CHECKED = (".py", ".html", ".js", ".css")
LONE_BRACKETS = re.compile(r"[()\[\]{},:]*")
TRAILING_COMMENT = re.compile(r"\s+#\s.*$")


def _meaningful(line: str) -> str | None:
    text = TRAILING_COMMENT.sub("", line).strip()
    if not text or text.startswith(("#", "import ", "from ")) or LONE_BRACKETS.fullmatch(text):
        return None
    return " ".join(text.split())


def copies(root: Path) -> list[tuple[str, str]]:
    """Pairs of places (``file:line``) where the same :data:`WINDOW` meaningful lines stand."""
    places: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*")):
        if path.suffix not in CHECKED or "migrations" in path.relative_to(root).parts:
            continue
        lines = [
            (number, text)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if (text := _meaningful(line)) is not None
        ]
        for start in range(len(lines) - WINDOW + 1):
            run = tuple(text for _, text in lines[start : start + WINDOW])
            places[run].append(f"{path.relative_to(root)}:{lines[start][0]}")
    return sorted({(where[0], where[1]) for where in places.values() if len(where) > 1})


def test_the_source_has_no_copied_block() -> None:
    source = Path(achillescare.__file__).parent
    assert copies(source) == []


def test_a_copied_block_is_found(tmp_path: Path) -> None:
    """The check finds a copy even re-indented and with other comments, and not a mere likeness."""
    block = "total = 0\nfor run in runs:\n    total += run.distance_m\nif total > cap:\n    warn(total)\nreturn total\n"
    (tmp_path / "a.py").write_text(f"def a(runs, cap):\n{block}", encoding="utf-8")
    moved = "\n".join(
        f"        {line}  # b" if "for" in line else f"        {line}"
        for line in block.splitlines()
    )
    (tmp_path / "b.py").write_text(
        f"class B:\n    def b(self, runs, cap):\n{moved}\n", encoding="utf-8"
    )
    renamed = block.replace("total", "sum_m")
    (tmp_path / "c.py").write_text(f"def c(runs, cap):\n{renamed}", encoding="utf-8")
    assert copies(tmp_path) == [("a.py:2", "b.py:3")]
