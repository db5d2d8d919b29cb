"""The check-in's field specs: what the lists derived from them hold, and the one validation of an
answer (:func:`check_answer`) with its reading of typed text (:func:`parse_answer`)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achillescare.domain.assessment.checkin_fields import (
    FIELDS,
    FLAG_FIELDS,
    RED_FLAG_ITEMS,
    RUN_FLAGS,
    SPECS,
    FieldSpec,
    check_answer,
    parse_answer,
)


class TestTheSpecs:
    def test_names_are_unique_and_every_kind_has_what_it_needs(self) -> None:
        """A number has bounds, a choice its values, text a length limit."""
        assert len(SPECS) == len(FIELDS)
        for spec in FIELDS:
            if spec.kind in ("scale", "minutes", "hours", "text"):
                assert spec.high is not None, spec.name
            if spec.kind in ("scale", "minutes", "hours"):
                assert spec.low is not None, spec.name
            assert bool(spec.choices) == (spec.kind == "choice"), spec.name

    def test_red_flags_are_yes_no_items_with_distinct_ranks(self) -> None:
        ranks = [SPECS[name].red_flag_rank or 0 for name in RED_FLAG_ITEMS]
        assert ranks == sorted(ranks)
        assert len(set(ranks)) == len(ranks)
        assert set(RED_FLAG_ITEMS) <= set(FLAG_FIELDS)
        assert {s.name for s in FIELDS if s.red_flag} == set(RED_FLAG_ITEMS)
        assert RED_FLAG_ITEMS[:2] == ("sudden_pop", "cannot_heel_raise")

    def test_the_run_items_are_asked_only_after_a_run(self) -> None:
        assert RUN_FLAGS == ("pain_built_during_run",)
        assert "ran" not in FLAG_FIELDS
        assert not SPECS["ran"].if_ran

    def test_context_is_asked_once_for_both_legs(self) -> None:
        assert [s.name for s in FIELDS if not s.per_side] == [
            "session_rpe", "sleep_hours", "fatigue", "notes",
        ]  # fmt: skip


class TestCheckAnswer:
    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("morning_pain", 11, "morning_pain must be from 0 to 10, not 11"),
            ("morning_pain", 2.5, "morning_pain must be a whole number from 0 to 10, not 2.5"),
            ("morning_pain", True, "must be a whole number"),
            ("morning_pain", "3", "must be a whole number"),
            ("morning_pain", math.inf, "must be a whole number"),
            ("morning_stiffness_min", 1441, "from 0 to 1440"),
            ("swelling", 1, "swelling must be true, false or null, not 1"),
            ("location", "knee", "location must be one of mid_tendon, insertion, calf"),
            ("sleep_hours", 25, "sleep_hours must be from 0 to 24, not 25"),
            ("sleep_hours", math.nan, "sleep_hours must be from 0 to 24"),
            ("sleep_hours", "8", "sleep_hours must be a number"),
            ("sleep_hours", False, "sleep_hours must be a number"),
            ("notes", 3, "notes must be text"),
            ("notes", "x" * 2001, "notes may be at most 2000 characters long"),
        ],
    )
    def test_it_refuses_a_wrong_answer_in_one_sentence_naming_the_field(
        self, name: str, value: object, message: str
    ) -> None:
        with pytest.raises(ValueError, match=message) as refused:
            check_answer(SPECS[name], value)
        assert "\n" not in str(refused.value)

    @pytest.mark.parametrize(
        ("name", "value", "kept"),
        [
            ("morning_pain", 3.0, 3),
            ("morning_stiffness_min", 1440, 1440),
            ("ran", False, False),
            ("location", "calf", "calf"),
            ("sleep_hours", 7, 7.0),
            ("notes", "", ""),
        ],
    )
    def test_it_keeps_a_right_answer_as_its_field_holds_it(
        self, name: str, value: object, kept: object
    ) -> None:
        answer = check_answer(SPECS[name], value)
        assert answer == kept
        assert type(answer) is type(kept)

    @pytest.mark.parametrize("spec", FIELDS, ids=lambda s: s.name)
    def test_not_answered_stays_not_answered(self, spec: FieldSpec) -> None:
        """``None`` is never read as "no" or zero."""
        assert check_answer(spec, None) is None


class TestParseAnswer:
    @pytest.mark.parametrize(
        ("name", "text", "value"),
        [
            ("swelling", "yes", True),
            ("swelling", "N", False),
            ("swelling", "maybe", "maybe"),
            ("swelling", "  ", None),
            ("morning_pain", " 7 ", 7),
            ("morning_pain", "seven", "seven"),
            ("sleep_hours", "7.5", 7.5),
            ("sleep_hours", "late", "late"),
            ("location", " calf ", "calf"),
            ("notes", " sore after hills ", " sore after hills "),
        ],
    )
    def test_it_reads_typed_text_as_the_json_value(
        self, name: str, text: str, value: object
    ) -> None:
        assert parse_answer(SPECS[name], text) == value

    @given(st.sampled_from(FIELDS), st.text(max_size=20))
    def test_checking_parsed_text_answers_or_refuses_with_a_value_error(
        self, spec: FieldSpec, text: str
    ) -> None:
        """Whatever is typed, the one validation keeps it or explains it; nothing else escapes."""
        message = ""
        try:
            check_answer(spec, parse_answer(spec, text))
        except ValueError as error:
            message = str(error)
        assert message == "" or message.startswith(spec.name)
