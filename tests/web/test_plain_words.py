"""What a runner reads on the web is plain words: no key=value internals, no unrounded numbers,
no command-line instructions, each source once; on a red-flag day, the flag, not 13 signals."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import SignIn

RUNNER_PAGES = ("/today", "/checkin", "/plan", "/timeline", "/activities", "/questionnaires",
                "/selftests", "/settings", "/upload")  # fmt: skip
INTERNALS = re.compile(r"\b[a-z_]+=[\w.]+")
UNROUNDED = re.compile(r"\d+\.\d{4,}")
COMMAND = re.compile(r"\bachilles (?:[a-z-]+)\b")
JARGON = re.compile(r"\((?:house|seed article)[^)]*\)|\bthe article\b|\bstage 0\b")


def _words(html: str) -> str:
    """The text a person reads: scripts (chart data) and tags removed."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("who", ["steady", "spike", "rehab", "redflag"])
def test_runner_pages_read_as_plain_words(sign_in: SignIn, who: str) -> None:
    client = sign_in(who)
    for path in RUNNER_PAGES:
        text = _words(client.get(path).text)
        for pattern in (INTERNALS, UNROUNDED, COMMAND, JARGON):
            found = pattern.findall(text)
            assert not found, f"{who} {path}: {found[:3]}"


def test_each_source_is_listed_once_under_the_reasons(sign_in: SignIn) -> None:
    page = sign_in("redflag").get("/today").text
    reasons = page.split('<ul class="reasons">')[1].split("</ol>")[0]
    sources = re.findall(r'<small class="source">(.*?)</small>', reasons)
    assert sources
    assert len(sources) == len(set(sources))
    assert reasons.count("<li>") > len(sources)  # several reasons share a source


def test_a_red_flag_day_shows_the_flag_not_the_training_signals(sign_in: SignIn) -> None:
    page = sign_in("redflag").get("/today").text
    assert 'id="signals-h"' not in page
    assert "Training signals are left out today" in page
    steady = sign_in("steady").get("/today").text
    assert 'id="signals-h"' in steady
