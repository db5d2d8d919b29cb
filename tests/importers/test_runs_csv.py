"""CSV lists of runs: the plain format for runners without files, and Garmin Connect's old list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.units import METRES_PER_MILE, Units, format_duration
from achillescare.importers.base import UnreadableFile
from achillescare.importers.exports.runs_csv import parse_runs_csv
from achillescare.importers.exports.tabular import parse_duration, parse_number
from achillescare.importers.sources import discover, read

GARMIN_CSV = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "exports"
    / "runalyze__GarminConnect.csv"
)

RUNS = b"""date,distance_km,duration,elevation_gain_m,name
2024-05-01,10.5,0:52:30,85,Easy loop
2024-05-03 07:30,5,25,,
2024-05-05T18:00:00+02:00,21.1,1:45:00,210,Half
"""


class TestPlainCsv:
    def test_it_reads_dates_distances_durations_and_names(self):
        easy, short, half = parse_runs_csv(RUNS)
        assert easy.start_utc == datetime(2024, 5, 1, 12, tzinfo=UTC)  # a date alone: noon
        assert (easy.summary.distance_m, easy.summary.elapsed_s) == (10_500.0, 3150.0)
        assert (easy.summary.elevation_gain_m, easy.name, easy.sport) == (
            85.0,
            "Easy loop",
            "running",
        )
        assert short.summary.elapsed_s == 25 * 60  # a bare number is minutes
        assert short.summary.elevation_gain_m is None
        assert short.utc_offset_s is None
        assert half.start_utc == datetime(2024, 5, 5, 16, tzinfo=UTC)
        assert half.utc_offset_s == 7200
        assert all(run.streams is None for run in (easy, short, half))

    def test_miles_are_converted_to_metres(self):
        [run] = parse_runs_csv(b"start,distance_mi,duration\n2024-01-02 06:00,3.1,27:45\n")
        assert run.summary.distance_m == pytest.approx(3.1 * METRES_PER_MILE)
        assert run.summary.elapsed_s == 27 * 60 + 45

    def test_a_bare_distance_is_in_the_runners_units(self):
        data = b"date,distance,duration\n2024-01-02,5,30\n"
        [run] = parse_runs_csv(data, default_units=Units.MI)
        assert run.summary.distance_m == pytest.approx(5 * METRES_PER_MILE)

    def test_a_bad_cell_is_named_by_its_row(self):
        rows = "".join(f"2024-05-0{day},5,30\n" for day in range(1, 6))
        data = f"date,distance_km,duration\n{rows}2024-05-06,abc,30\n".encode()
        with pytest.raises(UnreadableFile, match=r"^row 7: distance 'abc' is not a number$"):
            parse_runs_csv(data)

    @pytest.mark.parametrize(
        ("row", "reason"),
        [
            ("05/01/2024,5,30", "row 2: date '05/01/2024' is not a date: write YYYY-MM-DD or "
                                "YYYY-MM-DD HH:MM"),
            ("2024-05-01,5,", "row 2: no duration"),
            ("2024-05-01,5,1:2:3:4", "row 2: duration '1:2:3:4' is not a duration (write h:mm:ss "
                                     "or minutes)"),
            ("2024-05-01,5,0", "row 2: duration '0' must be more than zero"),
            ("2024-05-01,-5,30", "row 2: distance '-5' is negative"),
        ],
    )  # fmt: skip
    def test_each_bad_row_gets_a_one_line_reason(self, row: str, reason: str):
        with pytest.raises(UnreadableFile) as raised:
            parse_runs_csv(f"date,distance_km,duration\n{row}\n".encode())
        assert str(raised.value) == reason

    def test_a_csv_without_a_duration_column_says_so(self):
        with pytest.raises(UnreadableFile, match="needs a 'duration' column"):
            parse_runs_csv(b"date,distance_km\n2024-05-01,5\n")


class TestImportingACsv:
    def test_one_bad_row_fails_alone_and_the_others_are_imported(self, tmp_path: Path):
        path = tmp_path / "runs.csv"
        path.write_bytes(RUNS + b"2024-05-07,oops,30,,\n")
        items = [read(ref) for ref in discover([path]).refs]
        assert [bool(i.activities) for i in items] == [True, True, True, False]
        assert items[-1].source == f"{path} row 5"
        assert items[-1].failure == "row 5: distance 'oops' is not a number"

    def test_rows_hash_the_same_on_every_import(self, tmp_path: Path):
        path = tmp_path / "runs.csv"
        path.write_bytes(RUNS)
        first = [read(ref).content_sha256 for ref in discover([path]).refs]
        second = [read(ref).content_sha256 for ref in discover([path]).refs]
        assert first == second
        assert len(set(first)) == 3

    def test_an_unrelated_csv_named_on_the_command_line_is_a_failure(self, tmp_path: Path):
        path = tmp_path / "weights.csv"
        path.write_text("day,kg\n2024-01-01,70\n")
        found = discover([path])
        assert found.refs == []
        assert [f.failure for f in found.failures] == [
            "not a list of runs: a CSV needs date, distance_km (or distance_mi) and duration"
        ]

    def test_a_csv_the_csv_module_cannot_read_is_a_failure(self, tmp_path: Path):
        path = tmp_path / "runs.csv"
        path.write_text('date,distance_km,duration\n2024-01-01,"' + "x" * 200_000 + '",30\n')
        found = discover([path])
        assert found.refs == []
        assert [f.failure for f in found.failures] == [
            "unreadable CSV (field larger than field limit (131072))"
        ]

    def test_an_unrelated_csv_inside_a_folder_is_skipped(self, tmp_path: Path):
        (tmp_path / "weights.csv").write_text("day,kg\n2024-01-01,70\n")
        [item] = [read(ref) for ref in discover([tmp_path]).refs]
        assert item.skipped == "not an activity file (.csv)"


class TestGarminConnectCsv:
    """Garmin Connect's old German list export (runalyze, no licence: read in place)."""

    @pytest.fixture
    def data(self) -> bytes:
        if not GARMIN_CSV.exists():
            pytest.skip(f"{GARMIN_CSV} is absent (the shared corpus is not next to this checkout)")
        return GARMIN_CSV.read_bytes()

    def test_it_reads_every_run_with_decimal_commas_and_german_dates(self, data: bytes):
        runs = parse_runs_csv(data)
        assert [r.name for r in runs] == [
            "Lauf", "Auslaufen", "Warmlaufen", "Auslaufen", "1.500 m", "Einlaufen"
        ]  # fmt: skip
        first = runs[0]
        assert first.start_utc == datetime(2012, 5, 25, 20, 31, tzinfo=UTC)
        assert first.sport == "running"
        s = first.summary
        assert (s.distance_m, s.elapsed_s, s.elevation_gain_m) == (10_200.0, 3911.0, 38.0)
        assert (s.avg_heart_rate_bpm, s.max_heart_rate_bpm) == (138.0, 150.0)
        assert runs[1].summary.avg_heart_rate_bpm is None  # "--"
        assert runs[1].summary.elapsed_s == 12 * 60 + 3


class TestCells:
    @given(st.integers(min_value=1, max_value=100 * 3600))
    def test_durations_read_back_as_written(self, seconds: int):
        assert parse_duration(format_duration(seconds)) == seconds

    @given(st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False))
    def test_decimal_commas_read_like_decimal_points(self, value):
        text = f"{value:.2f}"
        assert parse_number(text.replace(".", ","), decimal_comma=True) == float(text)
