"""De-duplication: the same file, or the same run from another source, is kept once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.activity.dedupe import ActivityIndex, KnownActivity, is_same_activity

START = datetime(2026, 5, 1, 6, 59, 30, tzinfo=UTC)
RUN = KnownActivity(START, 10_000.0, True, "a" * 64, "watch.fit")


def other(shift_s: float = 0.0, distance_m: float = 10_000.0, **kw: object) -> KnownActivity:
    fields: dict[str, object] = {
        "start_utc": START + timedelta(seconds=shift_s),
        "distance_m": distance_m,
        "is_run": True,
        "content_sha256": "b" * 64,
        "source": "strava.gpx",
    }
    fields.update(kw)
    return KnownActivity(**fields)  # type: ignore[arg-type]


class TestIsSameActivity:
    @pytest.mark.parametrize(
        ("shift_s", "distance_m", "same"),
        [(119, 10_290.0, True), (-120, 9_710.0, True), (121, 10_000.0, False),
         (0, 10_310.0, False), (0, 9_690.0, False)],
    )  # fmt: skip
    def test_it_matches_within_two_minutes_and_three_percent(
        self, shift_s: float, distance_m: float, same: bool
    ) -> None:
        assert is_same_activity(RUN, other(shift_s, distance_m)) is same

    def test_legs_of_one_file_and_a_ride_at_the_same_time_are_not_the_same(self) -> None:
        assert not is_same_activity(RUN, other(content_sha256="a" * 64))
        assert not is_same_activity(RUN, other(is_run=False))

    @given(st.floats(-600, 600), st.floats(0, 50_000))
    def test_it_is_symmetric(self, shift_s: float, distance_m: float) -> None:
        candidate = other(shift_s, distance_m)
        assert is_same_activity(RUN, candidate) == is_same_activity(candidate, RUN)


class TestActivityIndex:
    def test_it_finds_a_duplicate_across_a_bucket_boundary(self) -> None:
        index = ActivityIndex([RUN])
        assert index.same_as(other(shift_s=100)) == RUN  # START is 30 s before a bucket edge
        assert index.same_as(other(shift_s=-110)) == RUN
        assert index.same_as(other(shift_s=130)) is None

    def test_it_remembers_content_hashes_and_what_is_added(self) -> None:
        index = ActivityIndex()
        assert not index.has_content("a" * 64)
        index.add(RUN)
        assert index.has_content("a" * 64)
        assert index.same_as(other()) == RUN
