"""Real watch files with one value replaced, as an attacker or a broken exporter would write them."""

from __future__ import annotations

import re

_TIME = re.compile(rb"<(?P<tag>(?:\w+:)?(?:time|Time))>[^<]*</(?P=tag)>")


def with_time(data: bytes, value: bytes, *, at: int) -> bytes:
    """``data`` with the text of its ``at``-th ``<time>``/``<Time>`` element (0-based) replaced."""
    matches = list(_TIME.finditer(data))
    match = matches[at]
    tag = match.group("tag")
    element = b"<" + tag + b">" + value + b"</" + tag + b">"
    return data[: match.start()] + element + data[match.end() :]


def times_count(data: bytes) -> int:
    return len(_TIME.findall(data))


def with_all_times(data: bytes, suffix: bytes) -> bytes:
    """Every time written with ``suffix`` as its offset instead of ``Z`` (``+02:00``)."""

    def rewrite(match: re.Match[bytes]) -> bytes:
        tag = match.group("tag")
        text = match.group(0)[len(tag) + 2 : -(len(tag) + 3)].strip().rstrip(b"Zz")
        return b"<" + tag + b">" + text + suffix + b"</" + tag + b">"

    return _TIME.sub(rewrite, data)
