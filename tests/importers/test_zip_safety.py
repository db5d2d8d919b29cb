"""Zip archives: real upload archives from FitTrackee's tests, and hostile zips made here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from achillescare.importers.base import ImportItem
from achillescare.importers.limits import Limits
from achillescare.importers.sources import Discovery, discover, read

DATA = Path(__file__).resolve().parents[1] / "data"
RUN_FIT = DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"
CORPUS_EXPORTS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "exports"


def outcomes(found: Discovery) -> dict[str, ImportItem]:
    items = {ref.display: read(ref) for ref in found.refs}
    found.close()
    return items


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def corpus_zip(name: str) -> Path:
    path = CORPUS_EXPORTS / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus is not next to this checkout)")
    return path


class TestRealUploadArchives:
    """FitTrackee's test archives (AGPL-3.0): read in place from the corpus, never copied."""

    def test_a_folder_of_gpx_files_next_to_a_document(self):
        archive = corpus_zip("fittrackee__gpx_test_folder.zip")
        items = outcomes(discover([archive]))
        imported = sorted(s.rsplit("!", 1)[1] for s, i in items.items() if i.activities)
        assert imported == ["folder/test_1.gpx", "folder/test_2.gpx", "folder/test_3.gpx"]
        assert items[f"{archive}!folder/fichier.doc"].skipped == "not an activity file (.doc)"

    def test_an_invalid_gpx_does_not_stop_the_valid_one(self):
        archive = corpus_zip("fittrackee__gpx_test_incorrect.zip")
        items = outcomes(discover([archive]))
        assert items[f"{archive}!test_1.gpx"].activities
        bad = items[f"{archive}!test_4.gpx"]
        assert not bad.activities
        assert (bad.failure or bad.skipped) is not None

    def test_an_archive_without_activities_yields_none(self):
        items = outcomes(discover([corpus_zip("fittrackee__gpx_test_no_gpx.zip")]))
        assert [i.skipped for i in items.values()] == ["not an activity file (.doc)"]

    def test_kml_and_kmz_next_to_a_gpx_are_skipped(self):
        archive = corpus_zip("fittrackee__gpx_multiple_extensions.zip")
        items = outcomes(discover([archive]))
        assert items[f"{archive}!test_1.gpx"].activities
        assert items[f"{archive}!example.kml"].skipped == "not an activity file (.kml)"
        assert items[f"{archive}!example.kmz"].skipped == "not an activity file (.kmz)"


class TestHostileArchives:
    def test_a_zip_bomb_member_is_refused_by_its_compression_ratio(self, tmp_path: Path):
        archive = make_zip(
            tmp_path / "bomb.zip", {"bomb.fit": b"\0" * (64 * 1024 * 1024), "run.fit": b""}
        )
        found = discover([archive])
        [failure] = found.failures
        assert failure.source == f"{archive}!bomb.fit"
        assert failure.failure is not None
        assert failure.failure.startswith("refused as a likely zip bomb: it expands ")
        assert failure.failure.endswith(":1 (the limit is 200:1)")
        assert [ref.display for ref in found.refs] == [f"{archive}!run.fit"]

    def test_path_traversal_names_are_refused_with_a_reason(self, tmp_path: Path):
        fit = RUN_FIT.read_bytes()
        archive = make_zip(
            tmp_path / "evil.zip",
            {"../../etc/evil.fit": fit, "/abs/run.fit": fit, "ok/run.fit": fit},
        )
        found = discover([archive])
        reasons = {f.source.rsplit("!", 1)[1]: f.failure for f in found.failures}
        assert reasons == {
            "../../etc/evil.fit": "refused: the archive names it with a '..' path that climbs "
            "out of the archive",
            "/abs/run.fit": "refused: the archive names it with an absolute path",
        }
        assert outcomes(found)[f"{archive}!ok/run.fit"].activities

    def test_too_many_members_refuses_the_archive(self, tmp_path: Path):
        archive = make_zip(tmp_path / "many.zip", {f"f{i}.gpx": b"<gpx/>" for i in range(30)})
        found = discover([archive], limits=Limits(max_members=20))
        assert [f.failure for f in found.failures] == [
            "the archive has 30 members; the limit is 20"
        ]
        assert found.refs == []

    def test_too_much_in_total_refuses_the_archive(self, tmp_path: Path):
        members = {f"run{i}.fit": RUN_FIT.read_bytes() for i in range(4)}
        archive = make_zip(tmp_path / "big.zip", members)
        found = discover([archive], limits=Limits(max_archive_total_bytes=3 * 5597))
        [failure] = found.failures
        assert failure.failure == (
            "refused: its files expand to 22,388 bytes; the limit for one archive is 16,791 bytes"
        )

    def test_nested_zips_are_read_two_levels_deep_and_no_deeper(self, tmp_path: Path):
        fit = RUN_FIT.read_bytes()
        level3 = zip_bytes({"deep.fit": fit, "deeper.zip": zip_bytes({"x.fit": fit})})
        level2 = zip_bytes({"inner.fit": fit, "level3.zip": level3})
        archive = make_zip(tmp_path / "outer.zip", {"outer.fit": fit, "level2.zip": level2})
        found = discover([archive])
        items = outcomes(found)
        assert all(item.activities for item in items.values())
        assert sorted(items) == [
            f"{archive}!level2.zip!inner.fit",
            f"{archive}!level2.zip!level3.zip!deep.fit",
            f"{archive}!outer.fit",
        ]
        assert [f.failure for f in found.failures] == ["a zip nested more than 3 deep: not opened"]

    def test_a_damaged_member_fails_alone(self, tmp_path: Path):
        fit = RUN_FIT.read_bytes()
        data = bytearray(zip_bytes({"a.fit": fit, "b.fit": fit}))
        start = data.index(b"a.fit") + len(b"a.fit") + 100  # inside a.fit's compressed bytes
        data[start : start + 50] = bytes(50)
        archive = tmp_path / "damaged.zip"
        archive.write_bytes(bytes(data))
        items = outcomes(discover([archive]))
        assert items[f"{archive}!b.fit"].activities
        failure = items[f"{archive}!a.fit"].failure
        assert failure is not None
        assert failure.startswith("damaged archive member")

    def test_a_nested_archive_over_its_limit_is_not_opened(self, tmp_path: Path):
        inner = zip_bytes({f"run{i}.fit": RUN_FIT.read_bytes() for i in range(3)})
        archive = make_zip(tmp_path / "outer.zip", {"inner.zip": inner, "run.fit": b"x"})
        found = discover([archive], limits=Limits(max_nested_archive_bytes=len(inner) - 1))
        assert [(f.source, f.failure) for f in found.failures] == [
            (
                f"{archive}!inner.zip",
                f"the nested archive is {len(inner):,} bytes; "
                f"the limit is {len(inner) - 1:,} bytes",
            )
        ]

    def test_a_member_with_an_unknown_extension_is_judged_by_its_first_bytes(self, tmp_path):
        archive = make_zip(
            tmp_path / "mixed.zip", {"run.bin": RUN_FIT.read_bytes(), "notes.bin": b"hello"}
        )
        items = outcomes(discover([archive]))
        assert items[f"{archive}!run.bin"].source_kind == "fit"
        assert items[f"{archive}!notes.bin"].skipped == "not an activity file (.bin)"

    def test_a_file_named_zip_that_is_not_one_is_a_failure(self, tmp_path: Path):
        fake = tmp_path / "export.zip"
        fake.write_text("not a zip")
        found = discover([fake])
        assert [f.failure for f in found.failures] == [
            "not a readable zip archive (File is not a zip file)"
        ]

    def test_reading_members_in_any_order_gives_the_same_outcomes(self, tmp_path: Path):
        fit = RUN_FIT.read_bytes()
        archive = make_zip(
            tmp_path / "two.zip", {"a.fit": fit, "inner.zip": zip_bytes({"b.fit.gz": b"x"})}
        )
        found = discover([archive])
        forward = [read(ref) for ref in found.refs]
        backward = [read(ref) for ref in reversed(found.refs)][::-1]
        found.close()
        assert [(i.source, i.failure, i.content_sha256) for i in forward] == [
            (i.source, i.failure, i.content_sha256) for i in backward
        ]
        assert forward[1].failure == "named .gz but not gzip data"
