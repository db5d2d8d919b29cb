"""The low-level FIT decoder, cross-checked field by field against fitdecode (independent parser)."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pytest

from achillescare.importers.base import UnreadableFile
from achillescare.importers.fit.decode import FloatArray, decode_fit
from achillescare.importers.fit.profile import FIELDS, RECORD, SESSION
from tests.conftest import corpus_dir
from tests.importers.fit_reference import TEST_FIT, reference

CROSS_CHECKED = [
    "fitparse__activity-small-fenix2-run.fit",  # fenix 2 run, running dynamics, 1 s records
    "fitparse__compressed-speed-distance.fit",  # FR70: compressed timestamps and speed/distance
    "fitparse__antfs-dump.63.fit",  # FR70: every record has a compressed-timestamp header
    "fitparse__developer-types-sample.fit",  # Stryd developer fields to skip
    "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",  # big-endian
    "muktihari__triathlon_summary_first.fit",  # FR255 multisport, big-endian definitions
    "fitparse__sample_mulitple_header.fit",  # four chained FIT files
    "fitparse__nick.fit",  # ends without its CRC
    "fitparse__garmin-fenix-5-walk.fit",  # fractional cadence
    "tormoder__unterminated-strings.fit",
]


def _same(ours: FloatArray, theirs: FloatArray) -> npt.NDArray[np.bool_]:
    """Element-wise: both invalid (NaN), or equal within float32 precision."""
    both_nan = np.isnan(ours) & np.isnan(theirs)
    same: npt.NDArray[np.bool_] = both_nan | np.isclose(ours, theirs, rtol=1e-6, atol=1e-6)
    return same


@pytest.mark.parametrize("name", CROSS_CHECKED)
@pytest.mark.parametrize("global_num", [RECORD, SESSION])
def test_it_decodes_every_extracted_field_like_fitdecode(name: str, global_num: int) -> None:
    data = (TEST_FIT / name).read_bytes()
    table = decode_fit(data).table(global_num)
    ref = reference(data, global_num)
    if ref.count == 0:
        assert table is None  # nick.fit ends before any session message
        return
    assert table is not None
    assert len(table) == ref.count
    names = [spec.name for spec in FIELDS[global_num].values()]
    if "has_compressed" in ref.columns:
        names += ["compressed_speed", "compressed_distance"]
    for field_name in names:
        ours = table.fields.get(field_name, np.full(len(table), np.nan))
        theirs = ref.column(field_name)
        mismatch = ~_same(ours, theirs)
        assert not mismatch.any(), (
            f"{field_name}: {mismatch.sum()} differ, e.g. ours {ours[mismatch][:3]} "
            f"fitdecode {theirs[mismatch][:3]}"
        )


def test_it_reads_compressed_timestamp_headers() -> None:
    """The Forerunner 70 writes only the low 5 bits of time in each record header."""
    table = decode_fit((TEST_FIT / "fitparse__antfs-dump.63.fit").read_bytes()).table(RECORD)
    assert table is not None
    stamps = table.fields["timestamp"]
    assert np.isfinite(stamps).all()
    assert (np.diff(stamps) >= 0).all()


def test_it_reads_every_chained_file() -> None:
    fit = decode_fit((TEST_FIT / "fitparse__sample_mulitple_header.fit").read_bytes())
    assert fit.file_types == (4, None, None, None)
    assert not fit.warnings


def test_it_tells_which_chained_file_each_record_came_from() -> None:
    data = (corpus_dir("fit") / "muktihari__chained_Activity_activity_poolswim.fit").read_bytes()
    table = decode_fit(data).table(RECORD)
    assert table is not None
    assert np.bincount(table.chained_file).tolist() == [3601, 24]


def test_it_warns_on_a_bad_file_crc_and_keeps_the_records() -> None:
    good = (TEST_FIT / "fitparse__activity-small-fenix2-run.fit").read_bytes()
    bad = good[:-1] + bytes([good[-1] ^ 0xFF])
    fit = decode_fit(bad)
    assert fit.warnings == ("bad file CRC: kept 2809 readable records",)
    ours, original = fit.table(RECORD), decode_fit(good).table(RECORD)
    assert ours is not None
    assert original is not None
    np.testing.assert_array_equal(ours.fields["distance"], original.fields["distance"])


def test_it_keeps_the_readable_start_of_a_truncated_file() -> None:
    good = (TEST_FIT / "fitparse__activity-small-fenix2-run.fit").read_bytes()
    cut = good[: len(good) * 3 // 5]
    fit = decode_fit(cut)
    table, full = fit.table(RECORD), decode_fit(good).table(RECORD)
    assert table is not None
    assert full is not None
    assert 0 < len(table) < len(full)
    np.testing.assert_array_equal(table.fields["timestamp"], full.fields["timestamp"][: len(table)])
    assert any(w.startswith("file ends early") for w in fit.warnings)
    assert f"kept {len(table)} readable records" in fit.warnings[-1]


def test_it_reads_a_file_that_ends_inside_a_message() -> None:
    fit = decode_fit((TEST_FIT / "fitparse__nick.fit").read_bytes())
    assert fit.record_count == 14391
    assert fit.warnings == (
        "message cut off at byte 403437: kept 14391 readable records",
        "bad file CRC: kept 14391 readable records",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"\x0e\x10", "2 bytes are too short for a FIT header"),
        (b"\x0e\x10\x00\x00\x10\x00\x00\x00.GPX\x00\x00", "not a FIT file"),
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", "FIT header declares 0 data bytes"),
        (b"\x05\x10\x00\x00\x10\x00\x00\x00.FIT\x00\x00", "corrupt FIT header (header size 5)"),
    ],
)
def test_it_refuses_what_is_not_a_fit_file_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile, match=re.escape(reason)):
        decode_fit(data)


def test_it_keeps_the_readable_part_of_the_corpus_broken_files() -> None:
    """Bad CRC, early end, corrupt second header: the first file's 14 records survive."""
    folder = corpus_dir("fit")
    expected = {
        "fitparse__activity-filecrc.fit": "bad file CRC: kept 14 readable records",
        "fitparse__activity-unexpected-eof.fit": "file ends early",
        "fitparse__activity-settings-corruptheader.fit": "ignored 83 bytes after FIT file 1",
        "fitparse__strava-android-app-201.10-b1218918.fit": "undefined local message type 11",
    }
    for name, warning in expected.items():
        fit = decode_fit((folder / name).read_bytes())
        assert fit.record_count > 0
        assert any(warning in w for w in fit.warnings), (name, fit.warnings)
