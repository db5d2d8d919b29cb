"""Hostile XML (entity bombs, external entities) is refused by both XML importers, fast."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from achillescare.domain.activity.records import ParsedActivity
from achillescare.importers.base import UnreadableFile
from achillescare.importers.xml.gpx import parse_gpx
from achillescare.importers.xml.tcx import parse_tcx

Parser = Callable[[bytes], list[ParsedActivity]]
PARSERS = pytest.mark.parametrize(
    ("parse", "root"), [(parse_gpx, "gpx"), (parse_tcx, "TrainingCenterDatabase")]
)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<{root}><name>&lol9;</name></{root}>
"""


@PARSERS
def test_it_refuses_the_billion_laughs_entity_bomb_at_once(parse: Parser, root: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=r"^XML with a DTD") as error:
        parse(BILLION_LAUGHS.format(root=root).encode())
    assert time.perf_counter() - started < 0.5
    assert "\n" not in str(error.value)


@PARSERS
def test_it_refuses_an_external_entity_without_reading_the_file(
    parse: Parser, root: str, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    document = (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        f"<{root}><name>&x;</name></{root}>"
    )
    with pytest.raises(UnreadableFile) as error:
        parse(document.encode())
    assert "TOP-SECRET-VALUE" not in str(error.value)
    assert str(error.value).startswith("XML with a DTD")


@PARSERS
def test_it_refuses_an_external_dtd(parse: Parser, root: str, tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY x "from the dtd">')
    document = f'<?xml version="1.0"?><!DOCTYPE {root} SYSTEM "{dtd.as_uri()}"><{root}/>'
    with pytest.raises(UnreadableFile, match=r"^XML with a DTD"):
        parse(document.encode())


@PARSERS
def test_an_undefined_entity_is_malformed_xml(parse: Parser, root: str) -> None:
    with pytest.raises(UnreadableFile, match=r"^malformed XML at line 1: undefined entity"):
        parse(f"<{root}><name>&nope;</name></{root}>".encode())
