"""Colour contrast of the stylesheet: every text colour on its background meets WCAG 2.x AA
(4.5:1 for body text), computed from the CSS variables themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import achillescare.web

CSS = Path(achillescare.web.__file__).parent / "static" / "app.css"
VARIABLES = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))

# (text, background): the pairs the pages actually use
PAIRS = [
    ("ink", "paper"),
    ("ink", "wash"),
    ("muted", "paper"),
    ("muted", "wash"),
    ("accent", "paper"),
    ("accent", "wash"),
    ("accent-ink", "accent"),
    ("run", "paper"),
    ("modify", "paper"),
    ("rest", "paper"),
    ("stop", "paper"),
]


def luminance(hex_colour: str) -> float:
    """Relative luminance, WCAG 2.x definition (sRGB)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_gives_the_known_extremes() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_meets_aa_contrast(text: str, background: str) -> None:
    ratio = contrast(VARIABLES[text], VARIABLES[background])
    assert ratio >= 4.5, f"--{text} on --{background}: {ratio:.2f}:1"


@pytest.mark.parametrize("background", ["paper", "wash", "accent"])
def test_the_focus_indicator_stands_out_on_every_background(background: str) -> None:
    """WCAG 1.4.11: the ring or its halo reaches 3:1 against the background it is drawn on."""
    found = re.search(
        r"^:focus-visible\s*{\s*outline:\s*3px solid (#[0-9a-fA-F]{6});[^}]*"
        r"box-shadow:\s*0 0 0 \d+px (#[0-9a-fA-F]{6})",
        CSS.read_text(),
        re.MULTILINE,
    )
    assert found is not None
    ring, halo = found.groups()
    best = max(contrast(ring, VARIABLES[background]), contrast(halo, VARIABLES[background]))
    assert best >= 3.0, f"focus on --{background}: {best:.2f}:1"
