"""Cells of CSV files that people open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, with a tab
or carriage return) as a formula, so a run named ``=HYPERLINK(...)`` in an export could send the
sheet's data elsewhere. OWASP "CSV Injection" (checked 2026-12): prefix such a cell with a single
quote, which the spreadsheet shows as text. Only text is touched: a negative number is written as
a number and stays one.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula (OWASP)."""


def spreadsheet_cell(value: T) -> T | str:
    """``value`` as a CSV cell: text starting like a formula gets a leading ``'``; numbers,
    None and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
