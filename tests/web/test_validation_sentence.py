"""A refused form answer reads as one plain line naming the field, on every page."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from achillescare.domain.program.plan import RunningWeek
from achillescare.web.pages.render import one_line, validation_sentence
from achillescare.web.view_models.plan import StartIn
from achillescare.web.view_models.questionnaires import VisaAIn


class _Week(BaseModel):
    """A form whose validator calls the domain, which refuses with InvalidInput."""

    run_days: str

    @field_validator("run_days")
    @classmethod
    def _parsed(cls, value: str) -> str:
        RunningWeek.parse(value, None)
        return value


def _refusal(model: type[BaseModel], data: Mapping[str, object]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


class TestValidationSentence:
    def test_it_names_the_field_without_pydantics_header(self) -> None:
        """pydantic's str() starts "1 validation error for StartIn"; the sentence does not."""
        error = _refusal(StartIn, {"location": "knee"})
        assert str(error).startswith("1 validation error for StartIn")
        sentence = validation_sentence(error)
        assert sentence.startswith("location: Input should be ")
        assert "validation error" not in sentence
        assert "\n" not in sentence

    def test_questionnaire_fields_read_as_items(self) -> None:
        """q3 is "item 3", as the form numbers it."""
        answers = {f"q{n}": 5 for n in (1, 2, 4, 5, 6)} | {"q7": 4}
        assert validation_sentence(_refusal(VisaAIn, answers)) == "item 3: Field required"

    def test_a_domain_refusal_keeps_its_words_without_pydantics_lead_in(self) -> None:
        """A validator's InvalidInput reads as the domain wrote it, not "Value error, …"."""
        sentence = validation_sentence(_refusal(_Week, {"run_days": "mon,funday"}))
        assert sentence == "run days: 'funday' is not a weekday (mon, tue, … sun)"

    def test_one_line_uses_it_for_validation_errors(self) -> None:
        """The pages' one_line() gives the same sentence, and the first line of anything else."""
        error = _refusal(StartIn, {"location": "knee"})
        assert one_line(error) == validation_sentence(error)
        assert one_line(ValueError("first\nsecond")) == "first"
