"""The pure account rules: e-mail normalisation and invitation codes."""

from __future__ import annotations

from achillescare.domain.accounts import (
    INVITATION_CODE_ALPHABET,
    normalised_code,
    normalised_email,
    shown_code,
)


class TestNormalisedEmail:
    def test_it_trims_and_lower_cases(self) -> None:
        assert normalised_email(" Ana@Example.ORG\n") == "ana@example.org"

    def test_it_checks_the_length_after_lower_casing(self) -> None:
        grown = "İ" * 60 + "@" + "d" * 180 + ".org"
        assert normalised_email(grown) is None

    def test_it_refuses_what_is_no_address(self) -> None:
        assert normalised_email("ana at example.org") is None


class TestInvitationCodes:
    def test_a_shown_code_reads_back_as_itself(self) -> None:
        code = INVITATION_CODE_ALPHABET[:12]
        assert shown_code(code) == "ABCD-EFGH-JKMN"
        assert normalised_code(shown_code(code)) == code

    def test_typing_slips_are_forgiven(self) -> None:
        assert normalised_code(" abcd efgh-jkmn ") == "ABCDEFGHJKMN"
        assert normalised_code("O1LI") == "0111"

    def test_the_alphabet_has_no_letter_that_reads_as_a_digit(self) -> None:
        assert not set("ILOU") & set(INVITATION_CODE_ALPHABET)
        assert len(set(INVITATION_CODE_ALPHABET)) == 32
