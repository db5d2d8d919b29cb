"""Questionnaires on the web: scored exactly as the CLI scores them, with the same wording."""

from __future__ import annotations

import html

from achillescare.domain.assessment.questionnaires import visa_a_from_json
from tests.web.conftest import SignIn, runner_id


def test_a_visa_a_from_the_page_is_scored_and_listed(sign_in: SignIn) -> None:
    client = sign_in("spike")
    form = {f"q{n}": str(n + 2) for n in range(1, 7)}
    form |= {"q7": "7", "branch": "A", "minutes": "25", "side": "left"}
    page = client.post("/questionnaires/visa-a", data=form)
    assert page.status_code == 200
    expected = visa_a_from_json(
        {**{str(n): n + 2 for n in range(1, 7)}, "7": 7, "8": {"branch": "A", "minutes": 25}}
    ).score
    [latest, *_] = client.get(f"/api/v1/runners/{runner_id(client)}/questionnaires").json()[
        "responses"
    ]
    assert (latest["instrument"], latest["score"], latest["side"]) == ("visa_a", expected, "left")
    assert f"<td>{expected}</td>" in page.text


def test_ostrc_skips_q2_and_q3_without_a_problem_but_not_with_one(sign_in: SignIn) -> None:
    client = sign_in("spike")
    path = f"/api/v1/runners/{runner_id(client)}/questionnaires/ostrc"
    none = client.post(path, json={"q1": 0, "q4": 0})
    assert none.status_code == 201
    assert none.json()["score"] == 0
    assert none.json()["meaning"] == "no substantial problem"
    missing = client.post(path, json={"q1": 2, "q4": 1})
    assert missing.status_code == 400
    assert "question 2 is required" in missing.json()["detail"]
    full = client.post(path, json={"q1": 2, "q2": 2, "q3": 1, "q4": 1})
    assert full.status_code == 201
    assert full.json()["score"] > 0


def test_an_incomplete_form_is_explained(sign_in: SignIn) -> None:
    page = sign_in("spike").post("/questionnaires/visa-a", data={"q1": "5"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text


class TestSelfTests:
    def test_the_page_explains_every_test(self, sign_in: SignIn) -> None:
        from achillescare.domain.assessment.selftest_guide import SELF_TESTS  # noqa: PLC0415

        page = html_unescape(sign_in("spike").get("/selftests").text)
        for spec in SELF_TESTS.values():
            assert spec.name in page
            assert all(step in page for step in spec.steps)

    def test_a_result_is_stored_and_interpreted(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        page = client.post(
            "/selftests",
            data={"test": "knee_to_wall", "left": "7", "right": "11", "affected": "left"},
        )
        assert page.status_code == 200
        view = client.get(f"/api/v1/runners/{runner_id(client)}/selftests").json()
        [result] = view["results"]
        assert (result["test"], result["left"], result["right"]) == ("knee_to_wall", 7, 11)
        assert result["messages"]  # 4 cm of asymmetry is flagged (ST rules)
        for message in result["messages"]:
            assert message in html_unescape(page.text)

    def test_the_step_down_counts_the_faults_ticked(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        client.post(
            "/selftests",
            data={
                "test": "step_down_quality",
                "left_faults": ["knee_in", "pelvis_drop"],
                "right_faults": ["trunk_lean"],
            },
        )
        [result] = client.get(f"/api/v1/runners/{runner_id(client)}/selftests").json()["results"]
        assert (result["left"], result["right"]) == (2, 1)

    def test_impossible_hops_are_refused(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        response = client.post(
            f"/api/v1/runners/{runner_id(client)}/selftests",
            json={"test": "pain_free_hops", "left": 14, "right": 10},
        )
        assert response.status_code == 400
        assert "up to 10" in response.json()["detail"]


def html_unescape(text: str) -> str:
    return html.unescape(text)


def test_visa_a_b_branch_without_minutes_is_refused_not_scored_as_zero(sign_in: SignIn) -> None:
    """Page and API: branch B with no minutes names item 8, and nothing is kept."""
    client = sign_in("spike")
    listing = f"/api/v1/runners/{runner_id(client)}/questionnaires"
    before = client.get(listing).json()["responses"]
    form = {f"q{n}": "5" for n in range(1, 7)} | {"q7": "4", "branch": "B"}
    page = client.post("/questionnaires/visa-a", data=form)
    assert page.status_code == 422
    assert "item 8 branch B has no minutes" in html_unescape(page.text)
    body = {f"q{n}": 5 for n in range(1, 7)} | {"q7": 4, "branch": "B"}
    api = client.post(f"{listing}/visa-a", json=body)
    assert api.status_code == 400
    assert "item 8 branch B has no minutes" in api.json()["detail"]
    assert client.get(listing).json()["responses"] == before


def test_a_missing_visa_a_item_is_named_on_the_page(sign_in: SignIn) -> None:
    """A missing item 3 is reported as "Item 3", not as pydantic's header line."""
    form = {f"q{n}": "5" for n in (1, 2, 4, 5, 6)} | {"q7": "4", "branch": "A", "minutes": "5"}
    page = sign_in("spike").post("/questionnaires/visa-a", data=form)
    assert page.status_code == 422
    assert "Item 3: answer this question." in html_unescape(page.text)
    assert "validation error" not in page.text


def test_ostrc_full_participation_with_modified_training_is_refused_as_contradictory(
    sign_in: SignIn,
) -> None:
    """Q1 = full participation without problems + moderate Q2/Q3: refused, nothing kept."""
    client = sign_in("spike")
    listing = f"/api/v1/runners/{runner_id(client)}/questionnaires"
    before = client.get(listing).json()["responses"]
    api = client.post(f"{listing}/ostrc", json={"q1": 0, "q2": 2, "q3": 2, "q4": 1})
    assert api.status_code == 400
    assert "contradictory OSTRC-O2 answers" in api.json()["detail"]
    page = client.post("/questionnaires/ostrc", data={"q1": "0", "q2": "2", "q3": "2", "q4": "1"})
    assert page.status_code == 422
    assert "Contradictory OSTRC-O2 answers" in html_unescape(page.text)
    assert client.get(listing).json()["responses"] == before
