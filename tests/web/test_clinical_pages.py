"""The clinician's loop as pages, as a browser without JavaScript (and htmx) sees them: the
specialist's runner page speaks about the runner, its two actions post and show the result,
and only a linked specialist may use them; the runner's own entry is labelled as theirs."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from achillescare.demo.clinic import DEMO_PASSWORD
from achillescare.services import accounts
from achillescare.storage.db import Store
from tests.web.conftest import SignIn, runner_id

ASSESS = {"side": "left", "finding": "tendinopathy_mid_portion", "note": "Thompson negative"}
OVERRIDE = {"decision": "rest", "reason": "Ultrasound on Friday"}


def rob(physio: TestClient) -> int:
    rows = physio.get("/api/v1/clinic").json()["runners"]
    return int(next(r["runner_id"] for r in rows if r["name"] == "Rob Redflag"))


def decision_of(page: str) -> str:
    """The decision card's heading."""
    return page.split('id="decision-h"')[1].split("</h2>", maxsplit=1)[0]


def text_of(response: object) -> str:
    return html.unescape(response.text)  # type: ignore[attr-defined]


class TestSpecialistRunnerPage:
    def test_it_speaks_about_the_runner_and_shows_both_legs_self_tests_and_adherence(
        self, sign_in: SignIn
    ) -> None:
        rehab = sign_in("rehab")
        rita = runner_id(rehab)
        right = {"side": "right", "morning_pain": 2, "notes": "right calf tight after stairs"}
        assert rehab.post(f"/api/v1/runners/{rita}/checkins", json=right).status_code == 200
        physio = sign_in("physio")
        page = text_of(physio.get(f"/clinic/runners/{rita}"))
        assert "Can Rita run today?" in page
        assert "Rita's left tendon: morning pain 6/10" in page
        assert "Rita's check-ins, last four weeks" in page
        assert "right: right calf tight after stairs" in page
        assert '<th scope="col">Left</th><th scope="col">Right</th>' in page
        assert "Rita's self-tests" in page
        assert "Rita's exercise adherence" in page
        assert "Can I run today?" not in page
        assert "Record assessment" in page
        assert "Override decision" in page

    def test_a_plain_form_post_records_the_assessment_and_redirects_to_the_record(
        self, sign_in: SignIn
    ) -> None:
        physio = sign_in("physio")
        rid = rob(physio)
        assert "Urgent" in decision_of(physio.get(f"/clinic/runners/{rid}").text)
        posted = physio.post(
            f"/clinic/runners/{rid}/assessments", data=ASSESS, follow_redirects=False
        )
        assert posted.status_code == 303
        assert posted.headers["location"] == f"/clinic/runners/{rid}#clinical-h"
        page = text_of(physio.get(f"/clinic/runners/{rid}"))
        assert "Recorded by Dr Alex Physio" in page
        assert "Urgent" not in decision_of(page)

    def test_htmx_gets_the_fresh_page_with_the_override_and_the_rules_answer(
        self, sign_in: SignIn
    ) -> None:
        physio = sign_in("physio")
        rid = rob(physio)
        page = physio.post(
            f"/clinic/runners/{rid}/overrides", data=OVERRIDE, headers={"HX-Request": "true"}
        )
        assert page.status_code == 200
        shown = text_of(page)
        assert "Decision overridden." in shown
        assert "Set by Dr Alex Physio" in shown
        assert "The rules alone would say" in shown
        assert "Urgent" in shown.split("The rules alone would say")[1][:200]

    def test_a_refused_answer_is_explained_on_the_page_and_nothing_is_stored(
        self, sign_in: SignIn
    ) -> None:
        physio = sign_in("physio")
        rid = rob(physio)
        for data, message in (
            (ASSESS | {"finding": ""}, "finding"),
            (ASSESS | {"date": "2999-01-01"}, "is in the future"),
        ):
            page = physio.post(f"/clinic/runners/{rid}/assessments", data=data)
            assert page.status_code == 422
            assert message in text_of(page)
        page = physio.post(f"/clinic/runners/{rid}/overrides", data=OVERRIDE | {"reason": " "})
        assert page.status_code == 422
        htmx = physio.post(
            f"/clinic/runners/{rid}/overrides",
            data=OVERRIDE | {"last_day": "2999-01-01"},
            headers={"HX-Request": "true"},
        )
        assert htmx.status_code == 200  # htmx swaps only 2xx: the message must arrive
        assert "at most 28 days" in text_of(htmx)
        assert physio.get(f"/api/v1/runners/{rid}/assessments").json()["assessments"] == []
        assert physio.get(f"/api/v1/runners/{rid}/overrides").json()["overrides"] == []

    def test_only_a_linked_specialist_may_assess_or_override_on_the_page(
        self, clinic_store: Store, sign_in: SignIn
    ) -> None:
        runner = sign_in("redflag")
        rid = runner_id(runner)
        accounts.sign_up(clinic_store, "other@example.org", DEMO_PASSWORD, "Other", "specialist")
        other = sign_in("other@example.org")
        for client in (runner, other, sign_in("steady")):
            for path, data in (("assessments", ASSESS), ("overrides", OVERRIDE)):
                assert client.post(f"/clinic/runners/{rid}/{path}", data=data).status_code == 403
        own_view = text_of(runner.get(f"/clinic/runners/{rid}"))
        assert "Override decision" not in own_view


class TestRunnersOwnEntry:
    def test_the_runner_names_the_clinician_and_the_entry_is_labelled_as_theirs(
        self, sign_in: SignIn
    ) -> None:
        runner = sign_in("redflag")
        assert "A clinician examined me" in runner.get("/today").text
        missing = runner.post("/assessments", data=ASSESS)
        assert missing.status_code == 422
        assert "name of the clinician" in text_of(missing)
        saved = runner.post(
            "/assessments", data=ASSESS | {"clinician": "Dr Vega"}, follow_redirects=False
        )
        assert saved.status_code == 303
        assert "Urgent" not in decision_of(runner.get("/today").text)
        page = text_of(runner.get("/assessments"))
        assert "Reported by the runner: assessed by Dr Vega" in page
        physio = sign_in("physio")
        assert "Reported by the runner: assessed by Dr Vega" in text_of(
            physio.get(f"/clinic/runners/{runner_id(runner)}")
        )


class TestDashboard:
    def test_the_dashboard_shows_the_decision_after_an_assessment_and_an_override_at_once(
        self, sign_in: SignIn
    ) -> None:
        physio = sign_in("physio")
        rid = rob(physio)

        def on_dashboard() -> str:
            rows = physio.get("/api/v1/clinic").json()["runners"]
            return str(next(r["decision"] for r in rows if r["runner_id"] == rid))

        assert on_dashboard() == "urgent"
        posted = physio.post(f"/api/v1/runners/{rid}/assessments", json=ASSESS)
        assert posted.status_code == 201
        after = posted.json()["decision_after"]
        assert after != "urgent"
        assert on_dashboard() == after
        physio.post(f"/api/v1/runners/{rid}/overrides", json=OVERRIDE | {"decision": "modify"})
        assert on_dashboard() == "modify"
        [row] = [r for r in physio.get("/api/v1/clinic").json()["runners"] if r["runner_id"] == rid]
        assert row["reason"].startswith("Dr Alex Physio set 'modify'")
        assert f"the rules alone would say '{after}'" in row["reason"]
