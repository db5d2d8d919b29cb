"""discover()/read(): folders, gzip, wrong extensions, empty, huge and unreadable files."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from achillescare.importers.base import ImportItem
from achillescare.importers.formats import read_activity_file
from achillescare.importers.limits import Limits
from achillescare.importers.sources import Discovery, discover, read

DATA = Path(__file__).resolve().parents[1] / "data"
RUN_FIT = DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
SETTINGS_FIT = DATA / "fit" / "fitparse__Settings.fit"
GPX = DATA / "gpx" / "gpxpy__korita-zbevnica.gpx"


def read_all(found: Discovery) -> dict[str, ImportItem]:
    items = {ref.display: read(ref) for ref in found.refs}
    found.close()
    return items


def by_name(items: dict[str, ImportItem], name: str) -> ImportItem:
    [item] = [item for source, item in items.items() if source.endswith(name)]
    return item


@pytest.fixture
def runner_folder(tmp_path: Path) -> Path:
    """A runner's folder: activities in sub-folders, a photo, dot files, an empty file."""
    root = tmp_path / "watch"
    (root / "2023" / "may").mkdir(parents=True)
    (root / "2023" / "may" / "run.fit").write_bytes(RUN_FIT.read_bytes())
    (root / "2023" / "run.fit.gz").write_bytes(gzip.compress(RUN_FIT.read_bytes()))
    (root / "track.gpx").write_bytes(GPX.read_bytes())
    (root / "settings.fit").write_bytes(SETTINGS_FIT.read_bytes())
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.fit").write_bytes(RUN_FIT.read_bytes())
    (root / "empty.gpx").write_bytes(b"")
    return root


class TestFolders:
    def test_it_finds_every_file_recursively_and_ignores_hidden_ones(self, runner_folder: Path):
        found = discover([runner_folder])
        names = sorted(
            Path(ref.display).relative_to(runner_folder).as_posix() for ref in found.refs
        )
        assert names == [
            "2023/may/run.fit", "2023/run.fit.gz", "empty.gpx", "photo.jpg", "settings.fit",
            "track.gpx",
        ]  # fmt: skip
        assert found.failures == []

    def test_it_reads_each_file_into_one_outcome(self, runner_folder: Path):
        items = read_all(discover([runner_folder]))
        assert by_name(items, "may/run.fit").activities
        assert by_name(items, "track.gpx").activities
        assert by_name(items, "photo.jpg").skipped == "not an activity file (.jpg)"
        assert "settings" in (by_name(items, "settings.fit").skipped or "")
        assert by_name(items, "empty.gpx").failure == "empty file (0 bytes)"

    def test_a_gzipped_file_hashes_like_the_file_itself(self, runner_folder: Path):
        items = read_all(discover([runner_folder]))
        plain, packed = by_name(items, "may/run.fit"), by_name(items, "2023/run.fit.gz")
        assert plain.content_sha256 is not None
        assert plain.content_sha256 == packed.content_sha256
        assert [a.summary for a in plain.activities] == [a.summary for a in packed.activities]

    def test_a_missing_path_is_a_failure_and_the_others_still_count(self, tmp_path: Path):
        found = discover([tmp_path / "nope", RUN_FIT])
        assert [f.failure for f in found.failures] == ["no such file or folder"]
        assert len(found.refs) == 1
        assert read(found.refs[0]).activities

    def test_symbolic_links_out_of_the_folder_are_not_followed(self, tmp_path: Path):
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "run.fit").write_bytes(RUN_FIT.read_bytes())
        root = tmp_path / "root"
        root.mkdir()
        (root / "link.fit").symlink_to(outside / "run.fit")
        (root / "loop").symlink_to(root)
        (root / "dangling.gpx").symlink_to(tmp_path / "gone.gpx")
        items = read_all(discover([root]))
        assert "not followed" in (by_name(items, "link.fit").skipped or "")
        assert by_name(items, "dangling.gpx").skipped == "broken symbolic link"
        assert not any(source.endswith("loop") for source in items)


def discover_unprivileged(root: Path) -> tuple[int, list[str]]:
    """Run discover() in a forked child that dropped root's privileges (the tests run as root,
    which may read any folder, so chmod alone would prove nothing). Forking keeps the modules
    already imported, so the child needs no access to the interpreter's files."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        status = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            found = discover([root])
            lines = [f"{f.source} | {f.failure}" for f in found.failures]
            os.write(write_end, json.dumps([len(found.refs), lines]).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the unprivileged discovery crashed"
    count, lines = json.loads(payload)
    return count, lines


class TestUnreadableFolders:
    def test_a_folder_it_may_not_read_is_reported_without_stopping(self):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch) / "runs"
            (root / "locked").mkdir(parents=True)
            (root / "open").mkdir()
            (root / "open" / "run.fit").write_bytes(RUN_FIT.read_bytes())
            (root / "locked" / "hidden.fit").write_bytes(RUN_FIT.read_bytes())
            for folder in (Path(scratch), root, root / "open"):
                folder.chmod(0o755)
            (root / "locked").chmod(0o000)
            try:
                count, lines = discover_unprivileged(root)
            finally:
                (root / "locked").chmod(0o755)
            assert count == 1
            assert lines == [f"{root / 'locked'} | cannot read this folder (permission denied)"]

    def test_a_path_through_a_file_is_reported_as_not_a_folder(self, tmp_path: Path):
        (tmp_path / "file.fit").write_bytes(b"")
        found = discover([tmp_path / "file.fit" / "runs"])
        assert [f.failure for f in found.failures] == ["cannot read it (not a directory)"]
        assert found.refs == []


class TestWrongNames:
    def test_a_fit_file_named_gpx_is_read_as_fit_with_a_warning(self, tmp_path: Path):
        wrong = tmp_path / "run.gpx"
        wrong.write_bytes(RUN_FIT.read_bytes())
        item = read_all(discover([wrong]))[str(wrong)]
        assert item.activities
        assert item.source_kind == "fit"
        assert item.warnings == ("named .gpx but holds a FIT file; read as fit",)

    def test_a_gpx_file_with_an_unknown_extension_is_recognised_by_content(self, tmp_path: Path):
        renamed = tmp_path / "track.txt.bak"
        renamed.write_bytes(GPX.read_bytes())
        item = read_all(discover([renamed]))[str(renamed)]
        assert item.source_kind == "gpx"
        assert item.activities

    def test_text_named_fit_is_a_failure(self, tmp_path: Path):
        fake = tmp_path / "run.fit"
        fake.write_text("date,distance\n2024-01-01,5\n")
        item = read_all(discover([fake]))[str(fake)]
        assert item.failure == "not a FIT file: no '.FIT' signature at byte 8"

    def test_a_kml_file_is_skipped_not_failed(self, tmp_path: Path):
        kml = tmp_path / "places.gpx"
        kml.write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>')
        item = read_all(discover([kml]))[str(kml)]
        assert item.skipped is not None
        assert "KML" in item.skipped

    def test_an_xml_entity_bomb_behind_a_long_doctype_still_reaches_the_safe_parser(
        self, tmp_path: Path
    ):
        entities = "".join(
            f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 400)
        )  # a DOCTYPE longer than the bytes used to recognise the format
        bomb = tmp_path / "laughs.gpx"
        bomb.write_text(
            f'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY e0 "lol">{entities}]>'
            "<gpx><trk><trkseg><trkpt lat='1' lon='1'><time>&e399;</time></trkpt></trkseg>"
            "</trk></gpx>"
        )
        item = read_all(discover([bomb]))[str(bomb)]
        assert item.activities == ()
        assert item.failure is not None

    def test_a_truncated_gzip_is_a_failure(self, tmp_path: Path):
        cut = tmp_path / "run.fit.gz"
        cut.write_bytes(gzip.compress(RUN_FIT.read_bytes())[:500])
        item = read_all(discover([cut]))[str(cut)]
        assert item.failure == "the gzip data ends early (file cut off)"


class TestLimits:
    def test_a_multi_gigabyte_file_is_refused_before_it_is_read(self, tmp_path: Path):
        huge = tmp_path / "huge.fit"
        with huge.open("wb") as stream:  # sparse: takes no disk space
            stream.truncate(3 * 1024**3)
        item = read_all(discover([huge]))[str(huge)]
        assert item.failure == "the file is 3.0 GB; the limit is 256 MB"

    def test_a_gzip_bomb_is_refused_at_the_expanded_size_limit(self, tmp_path: Path):
        bomb = tmp_path / "bomb.fit.gz"
        bomb.write_bytes(gzip.compress(b"\0" * (8 * 1024 * 1024)))
        found = discover([bomb], limits=Limits(max_file_bytes=4 * 1024 * 1024))
        item = read_all(found)[str(bomb)]
        assert item.failure == "the file expands to more than 4 MB, the limit for one file"


class TestAnyBytes:
    @settings(max_examples=300, deadline=None)
    @given(
        st.sampled_from(["a.fit", "a.gpx", "a.tcx", "a.fit.gz", "a.bin", "a", "a.gpx.gz"]),
        st.sampled_from(
            [
                b"",
                b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT",
                b"<gpx>",
                b"<TrainingCenterDatabase>",
                b"\x1f\x8b",
            ]
        ),
        st.binary(max_size=300),
        st.booleans(),
    )
    def test_any_bytes_under_any_name_give_exactly_one_outcome(self, name, prefix, body, packed):
        """Garbage that looks like the start of each format is refused or skipped, never raised."""
        raw = gzip.compress(prefix + body) if packed else prefix + body
        item = read_activity_file("x", name, raw, 1 << 20)
        outcomes = [bool(item.activities), item.skipped is not None, item.failure is not None]
        assert outcomes.count(True) == 1
