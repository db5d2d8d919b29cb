"""A refused form never loses an answer: every answer comes back as it was posted, the refused one
is named in words beside it (``aria-invalid``, ``aria-describedby``) and in a summary placed first
and focused on arrival, and the page title starts with "Error:"."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from achillescare.errors import InvalidInput
from achillescare.web.form_errors import FieldName, FieldNames, FormErrors
from achillescare.web.view_models.checkin import FORM_NAMES, day_words
from achillescare.web.view_models.clinical import (
    ASSESS_NAMES,
    OVERRIDE_NAMES,
    OWN_ASSESSMENT_NAMES,
)
from achillescare.web.view_models.plan import PROGRAM_NAMES, START_NAMES
from achillescare.web.view_models.questionnaires import OSTRC_NAMES, VISA_A_NAMES
from achillescare.web.view_models.runner import SETTINGS_NAMES
from tests.web.conftest import SignIn, runner_id


class _Page(HTMLParser):
    """Every element's attributes by id, the inputs by (name, value), and the text by id."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.inputs: dict[tuple[str, str], dict[str, str]] = {}
        self.order: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        found["<tag>"] = tag
        if "id" in found:
            self.by_id[found["id"]] = found
            self.order.append(found["id"])
        if tag == "input":
            self.inputs[(found.get("name", ""), found.get("value", ""))] = found
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def checked(self, name: str) -> list[str]:
        return [
            value for (n, value), attrs in self.inputs.items() if n == name and "checked" in attrs
        ]

    def first_in_main(self) -> str:
        return self.order[self.order.index("main") + 1]


def _refused_page(text: str) -> _Page:
    """The page of a refused form: titled "Error: …", the summary first in main and focused on
    arrival, no validation library's header anywhere."""
    page = _Page(text)
    assert page.title.startswith("Error: "), page.title
    assert page.first_in_main() == "error-summary"
    summary = page.by_id["error-summary"]
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert "autofocus" in summary
    assert "validation error" not in text
    return page


def _named(page: _Page, text: str, field_id: str, sentence: str) -> None:
    """``field_id`` is linked from the summary and described by ``sentence`` beside it."""
    summary = html.unescape(text).split('id="error-summary"')[1].split("</div>")[0]
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary)
    assert any(href == field_id and sentence in words for href, words in links), links
    control = page.by_id[field_id]
    message = control["aria-describedby"]
    assert message == f"{field_id}-error"
    assert message in page.by_id
    beside = re.search(rf'<p class="field-error" id="{message}">(.*?)</p>', text, re.S)
    assert beside is not None
    assert sentence in html.unescape(beside.group(1))


class TestCheckIn:
    def test_a_contradictory_check_in_keeps_every_answer_and_names_the_run_pain(
        self, sign_in: SignIn
    ) -> None:
        """ran = no with a pain during the run: refused, the morning answers stay ticked."""
        client = sign_in("steady")
        today = _Page(client.get("/checkin").text).by_id["checkin-date"]["value"]
        answers = {"date": today, "side": "right", "morning_pain": "3", "ran": "no"}
        answers |= {"morning_stiffness_min": "20", "pain_during_run": "4", "notes": "stairs"}
        response = client.post("/checkin", data=answers)
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "q-pain_during_run", "the answer to “did you run” is no")
        assert page.checked("morning_pain") == ["3"]
        assert page.checked("ran") == ["no"]
        assert page.checked("side") == ["right"]
        assert page.checked("pain_during_run") == ["4"]
        assert page.inputs[("pain_during_run", "4")]["aria-invalid"] == "true"
        assert "aria-invalid" not in page.inputs[("morning_pain", "3")]
        assert page.by_id["morning_stiffness_min"]["value"] == "20"
        assert page.by_id["checkin-date"]["value"] == today
        assert '<textarea id="notes" name="notes" maxlength="2000" rows="2">stairs</textarea>' in (
            response.text
        )

    def test_a_future_morning_is_refused_beside_the_date(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        today = date.fromisoformat(_Page(client.get("/checkin").text).by_id["checkin-date"]["max"])
        tomorrow = (today + timedelta(days=1)).isoformat()
        response = client.post("/checkin", data={"date": tomorrow, "side": "left"})
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "checkin-date", "is in the future")
        assert page.by_id["checkin-date"]["value"] == tomorrow
        assert page.by_id["checkin-date"]["aria-invalid"] == "true"

    def test_a_missed_morning_is_caught_up_and_confirmed(self, sign_in: SignIn) -> None:
        """The form offers today by default and up to today; an earlier morning is saved for
        that day, and today's page says so in words."""
        client = sign_in("spike")
        field = _Page(client.get("/checkin").text).by_id["checkin-date"]
        assert field["value"] == field["max"]
        missed = date.fromisoformat(field["max"]) - timedelta(days=2)
        data = {"date": missed.isoformat(), "side": "left", "morning_pain": "2", "ran": "no"}
        landed = client.post("/checkin", data=data)
        assert landed.url.path == "/today"
        assert f"Check-in for {day_words(missed)} saved (left Achilles)." in landed.text
        stored = client.get(f"/api/v1/runners/{runner_id(client)}/checkins/{missed}/left")
        assert stored.json()["versions"][-1]["answers"]["morning_pain"] == 2

    def test_today_confirms_nothing_for_a_made_up_query(self, sign_in: SignIn) -> None:
        page = sign_in("spike").get("/today", params={"saved": "yesterday", "side": "left"})
        assert page.status_code == 200
        assert "saved (" not in page.text

    def test_a_day_reads_as_people_say_it(self) -> None:
        assert day_words(date(2026, 12, 1)) == "Tuesday 1 December"


class TestOtherForms:
    def test_a_visa_a_item_out_of_range_is_named_and_the_other_answers_kept(
        self, sign_in: SignIn
    ) -> None:
        form = {f"q{n}": str(n) for n in range(1, 7)} | {"q3": "11", "q7": "4"}
        form |= {"branch": "B", "minutes": "25", "side": "left"}
        response = sign_in("spike").post("/questionnaires/visa-a", data=form)
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "q3", "Item 3: the largest answer is 10.")
        assert page.by_id["q3"]["value"] == "11"
        assert page.by_id["q3"]["aria-invalid"] == "true"
        assert page.by_id["q5"]["value"] == "5"
        assert page.by_id["minutes"]["value"] == "25"
        assert page.checked("branch") == ["B"]
        assert page.checked("side") == ["left"]
        assert page.checked("q1") == []  # the OSTRC-O2 form (also q1…q4) is left as it was

    def test_a_contradictory_ostrc_names_question_1(self, sign_in: SignIn) -> None:
        form = {"q1": "0", "q2": "2", "q3": "2", "q4": "1"}
        response = sign_in("spike").post("/questionnaires/ostrc", data=form)
        page = _refused_page(response.text)
        _named(page, response.text, "ostrc-q1", "Contradictory OSTRC-O2 answers")
        assert page.checked("q2") == ["2"]

    def test_settings_keep_every_answer_and_name_the_year(self, sign_in: SignIn) -> None:
        data = {"units": "mi", "fast_pace": "7:10", "birth_year": "1850"}
        response = sign_in("steady").post("/settings", data=data)
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "birth_year", "Year of birth: the smallest answer is 1900.")
        assert page.checked("units") == ["mi"]
        assert page.by_id["fast_pace"]["value"] == "7:10"
        assert page.by_id["birth_year"]["value"] == "1850"

    def test_a_pace_that_is_not_a_pace_is_named_beside_it(self, sign_in: SignIn) -> None:
        response = sign_in("steady").post("/settings", data={"units": "km", "fast_pace": "quick"})
        page = _refused_page(response.text)
        _named(page, response.text, "fast_pace", "is not a pace")

    def test_an_empty_program_reason_is_named_not_a_bare_error_page(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        rid = runner_id(sign_in("rehab"))
        data = {"phase": "2", "protocol": "alfredson", "reason": ""}
        response = physio.post(f"/clinic/runners/{rid}/program", data=data)
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "reason", "Reason: write at least 3 characters.")
        assert 'value="2" selected' in response.text
        assert 'value="alfredson" selected' in response.text

    def test_an_override_too_long_keeps_its_reason_and_names_the_last_day(
        self, sign_in: SignIn
    ) -> None:
        """Through htmx (a 200, which htmx swaps) as without it (422): the same marks."""
        physio = sign_in("physio")
        rid = runner_id(sign_in("redflag"))
        data = {"decision": "rest", "reason": "Ultrasound on Friday", "last_day": "2999-01-01"}
        for headers, status in (({}, 422), ({"HX-Request": "true"}, 200)):
            response = physio.post(f"/clinic/runners/{rid}/overrides", data=data, headers=headers)
            assert response.status_code == status
            page = _refused_page(response.text)
            _named(page, response.text, "last_day", "at most 28 days")
            assert ">Ultrasound on Friday</textarea>" in response.text
            assert 'value="rest" selected' in response.text

    def test_a_runners_own_assessment_without_a_clinician_keeps_the_finding(
        self, sign_in: SignIn
    ) -> None:
        data = {"clinician": " ", "side": "right", "finding": "tendinopathy_mid_portion"}
        response = sign_in("redflag").post("/assessments", data=data | {"note": "no rupture"})
        assert response.status_code == 422
        page = _refused_page(response.text)
        _named(page, response.text, "clinician", "Give the name of the clinician")
        assert page.checked("side") == ["right"]
        assert 'value="tendinopathy_mid_portion" selected' in response.text
        assert ">no rupture</textarea>" in response.text


@pytest.mark.parametrize(
    ("who", "path", "names"),
    [
        ("steady", "/checkin", FORM_NAMES),
        ("steady", "/questionnaires", VISA_A_NAMES),
        ("steady", "/questionnaires", OSTRC_NAMES),
        ("steady", "/settings", SETTINGS_NAMES),
        ("spike", "/plan", START_NAMES),
        ("physio", "/clinic/runners/{rehab}", PROGRAM_NAMES),
        ("physio", "/clinic/runners/{rehab}", ASSESS_NAMES),
        ("physio", "/clinic/runners/{rehab}", OVERRIDE_NAMES),
        ("rehab", "/assessments", OWN_ASSESSMENT_NAMES),
    ],
)
def test_every_answer_a_summary_can_name_is_on_its_form(
    sign_in: SignIn, who: str, path: str, names: dict[str, FieldName]
) -> None:
    """The summary's links and the marks land on a control that exists."""
    if "{rehab}" in path:
        path = path.format(rehab=runner_id(sign_in("rehab")))
    page = _Page(sign_in(who).get(path).text)
    missing = sorted({n.field_id for n in names.values()} - set(page.by_id))
    assert not missing


class _Week(BaseModel):
    days: int = Field(ge=1, le=7)
    note: str = Field(min_length=3)

    @field_validator("note")
    @classmethod
    def _no_shouting(cls, value: str) -> str:
        if value.isupper():
            raise ValueError("write it without capitals")
        return value


_WEEK_NAMES: FieldNames = {
    "days": FieldName("days", "Days a week"),
    "note": FieldName("note", "Note"),
}


class TestFormErrors:
    NAMES = _WEEK_NAMES

    def _refusal(self, data: dict[str, object]) -> ValidationError:
        with pytest.raises(ValidationError) as caught:
            _Week.model_validate(data)
        return caught.value

    def test_each_refused_answer_is_one_sentence_in_words(self) -> None:
        error = self._refusal({"days": "9", "note": "OK"})
        errors = FormErrors.refused(error, {"days": "9"}, self.NAMES, fallback_id="week")
        assert [(e.field_id, e.sentence) for e in errors.errors] == [
            ("days", "Days a week: the largest answer is 7."),
            ("note", "Note: write at least 3 characters."),
        ]

    def test_a_validators_own_words_are_kept_without_pydantics_lead_in(self) -> None:
        error = self._refusal({"days": 3, "note": "LOUD"})
        [only] = FormErrors.refused(error, {}, self.NAMES, fallback_id="week").errors
        assert only.sentence == "Note: write it without capitals."

    def test_an_error_naming_no_known_answer_links_to_the_form(self) -> None:
        errors = FormErrors.refused(
            InvalidInput("nothing to change"), {}, self.NAMES, fallback_id="week"
        )
        assert [(e.field_id, e.sentence) for e in errors.errors] == [("week", "Nothing to change.")]

    def test_nothing_refused_keeps_the_stored_answers(self) -> None:
        none = FormErrors()
        assert not none
        assert none.value("note", "stored") == "stored"
        assert none.checked("days", 3, default=True)
        refused = FormErrors.refused(
            InvalidInput("no", field="days"), {"days": "3"}, self.NAMES, fallback_id="week"
        )
        assert refused.value("note", "stored") == ""  # left blank stays blank
        assert refused.checked("days", 3)
        assert refused.of("another form") is not refused
