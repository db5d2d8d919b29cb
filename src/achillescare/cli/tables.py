"""Output that fits the terminal: table columns are left out, never cut; list items wrap under
their own text.

rich shrinks a table wider than the terminal by cutting its cells ("2026-09-…", "12…"), which
turns an id the user must type next, or a date, into something unusable. Instead a command
names its columns in order of importance: the first ``keep`` always stay, whole (``no_wrap``),
and the others are dropped from the end until the table fits the console's width (the
terminal's, or ``COLUMNS``); the caption says what was left out and how to see it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

_UNBOUNDED = 1_000_000

Cells = Mapping[str, str]
"""One row: each column's text, by column name."""


def fitted_table(
    console: Console,
    columns: Sequence[str],
    rows: Sequence[Cells],
    *,
    keep: int,
    make: Callable[[Sequence[str]], Table],
) -> tuple[Table, list[str]]:
    """The table ``make`` builds for the most columns that fit, filled with ``rows``, and the
    names of the columns left out. The first ``keep`` columns are never left out; with them
    alone too wide, the terminal wraps the lines, which still cuts no cell."""
    shown = list(columns)
    while True:
        table = make(shown)
        for row in rows:
            table.add_row(*(row[column] for column in shown))
        unbounded = console.options.update_width(_UNBOUNDED)  # its natural width, not capped
        width = Measurement.get(console, unbounded, table).maximum
        if width <= console.width or len(shown) <= keep:
            return table, [c for c in columns if c not in shown]
        shown.pop()


def hanging(lead: str, text: str) -> Table:
    """``text`` after ``lead`` (an indent and a bullet, a label), wrapped at word boundaries to
    the console's width with every further line under the text, not under the lead: a list stays
    a list on a narrow terminal."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(lead, text)
    return grid
