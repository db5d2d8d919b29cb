"""The pages, as a browser without JavaScript sees them: forms post, pages show the result."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from achillescare.domain.assessment.symptoms import RED_FLAG_ITEMS
from achillescare.services.checkins import list_checkins
from achillescare.services.runners import list_runners
from achillescare.storage.db import Store
from achillescare.web.auth import server_today
from tests.uploads import page_import
from tests.web.conftest import SignIn, runner_id

FIT_DIR = Path(__file__).resolve().parent.parent / "data" / "fit"
RUN = FIT_DIR / "fitparse__garmin-fenix-5-run.fit"
WALK = FIT_DIR / "fitparse__garmin-fenix-5-walk.fit"
SETTINGS = FIT_DIR / "fitparse__Settings.fit"


def upload(client: TestClient, *paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


class TestRunnerPages:
    def test_every_runner_page_renders_with_a_label_for_each_input(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        for path in ("/today", "/checkin", "/activities", "/upload", "/settings"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert 'lang="en"' in page.text
            ids = set(re.findall(r'<input[^>]*\bid="([^"]+)"', page.text))
            labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page.text))
            assert ids <= labelled, (path, ids - labelled)

    def test_today_shows_the_decision_its_reasons_and_advice_first(self, sign_in: SignIn) -> None:
        page = sign_in("spike").get("/today").text
        assert page.index("Can I run today?") < page.index("Training signals")
        assert "Modify — run, but shorter, flat and easy" in page
        assert "TRAIN-1" in page

    def test_a_check_in_changes_the_decision_on_today(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        assert "Run — as planned" in client.get("/today").text
        answers = {"side": "left", "morning_pain": "7", "morning_stiffness_min": "40", "ran": "no"}
        page = client.post("/checkin", data=answers)
        assert page.url.path == "/today"
        assert "Run — as planned" not in page.text
        assert "Rest — no running today" in page.text

    def test_a_check_in_with_a_snap_is_urgent(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        page = client.post(
            "/checkin",
            data={
                "side": "right",
                "morning_pain": "3",
                "sudden_pop": "yes",
                "cannot_heel_raise": "yes",
            },
        )
        assert "Urgent — stop; get a same-day medical assessment" in page.text

    def test_the_form_asks_about_the_run_and_steroids_and_both_reach_the_decision(
        self, sign_in: SignIn
    ) -> None:
        """Pain that built up during the run (PM-BUILD, asked with the run's pain) and a recent
        corticosteroid (RF-6, in the fold-out) are on the form and change today's answer."""
        client = sign_in("steady")
        form = html.unescape(client.get("/checkin").text)
        assert "If you ran: did the pain build up during the run instead of easing?" in form
        assert "Corticosteroid injection near the tendon" in form
        page = client.post(
            "/checkin",
            data={
                "side": "left",
                "morning_pain": "2",
                "ran": "yes",
                "pain_during_run": "3",
                "pain_built_during_run": "yes",
            },
        )
        today = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()["decision"]
        assert today["decision"] == "rest"
        assert "PM-BUILD" in {r["rule"] for r in today["reasons"]}
        assert "builds during the run" in html.unescape(page.text)
        steroid = client.post(
            f"/api/v1/runners/{runner_id(client)}/checkins",
            json={"side": "right", "morning_pain": 2, "corticosteroid": True},
        ).json()
        assert {"RF-6", "PM-BUILD"} <= {r["rule"] for r in steroid["reasons"]}

    def test_a_run_question_answered_without_a_run_is_explained(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        data = {"side": "left", "morning_pain": "1", "ran": "no", "pain_built_during_run": "yes"}
        page = client.post("/checkin", data=data)
        assert page.status_code == 422
        assert "the answer to “did you run” is no" in html.unescape(page.text)

    def test_the_form_asks_every_red_flag_with_yes_and_no_and_nothing_preselected(
        self, sign_in: SignIn
    ) -> None:
        """Every red-flag question is on the form every day as a yes and a no radio button, none
        ticked in advance (a default would silently mean "no"); the fields the CLI already asks
        (location, session RPE, sleep, fatigue) are on it too."""
        form = html.unescape(sign_in("steady").get("/checkin").text)
        for name in RED_FLAG_ITEMS:
            assert f'name="{name}" value="yes"' in form, name
            assert f'name="{name}" value="no"' in form, name
        radios = re.findall(r'<input type="radio" name="(\w+)" value="(yes|no)"([^>]*)>', form)
        assert not [r for r in radios if "checked" in r[2]]
        for name in ("location", "session_rpe", "sleep_hours", "fatigue"):
            assert f'name="{name}"' in form
        assert "A question left blank is not a “no”" in form

    def test_red_flag_questions_left_blank_on_the_form_are_not_a_no(self, sign_in: SignIn) -> None:
        """A calm check-in with the warning signs left blank gives 'modify' (DATA-4), and today's
        page names what was left blank, in words for the web (no CLI command)."""
        client = sign_in("steady")
        data = {"side": "left", "morning_pain": "1", "ran": "no", "sudden_pop": "no"}
        page = html.unescape(client.post("/checkin", data=data).text)
        assert "Modify — run, but shorter, flat and easy" in page
        assert "left blank in today's left check-in" in page
        assert "night pain" in page
        assert "achilles checkin" not in page
        today = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()["decision"]
        [advice] = [a for a in today["advice"] if "left blank" in a]
        assert "a sudden pop" not in advice
        assert "pain building during the run" not in advice  # no run, not asked

    def test_the_no_to_every_blank_button_answers_no_and_the_extras_are_saved(
        self, sign_in: SignIn, clinic_store: Store
    ) -> None:
        """The second button answers "no" to every yes/no question left blank, explicitly; a
        "yes" given stays yes; location, RPE, sleep and fatigue reach the stored check-in."""
        client = sign_in("steady")
        data = {
            "side": "left", "morning_pain": "1", "ran": "yes", "pain_during_run": "1",
            "pain_after_run": "1", "tenderness": "yes", "location": "insertion",
            "session_rpe": "4", "sleep_hours": "7.5", "fatigue": "3", "others_no": "yes",
        }  # fmt: skip
        page = html.unescape(client.post("/checkin", data=data).text)
        assert "left blank" not in page
        today = client.get(f"/api/v1/runners/{runner_id(client)}/today").json()["decision"]
        assert "DATA-4" not in {r["rule"] for r in today["reasons"]}
        assert "SYM-4" in {r["rule"] for r in today["reasons"]}
        runner = next(r for r in list_runners(clinic_store) if r.name == "Sofia Steady")
        stored = list_checkins(clinic_store, runner)[-1]
        assert (stored.tenderness, stored.sudden_pop, stored.pain_built_during_run) == (
            True, False, False,
        )  # fmt: skip
        assert (stored.location, stored.session_rpe, stored.sleep_hours, stored.fatigue) == (
            "insertion", 4, 7.5, 3,
        )  # fmt: skip

    def test_the_api_stores_an_item_left_out_as_unanswered(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        decided = client.post(
            f"/api/v1/runners/{runner_id(client)}/checkins",
            json={"side": "left", "morning_pain": 0, "ran": False, "fever_unwell": False},
        ).json()
        assert decided["decision"] == "modify"
        assert "DATA-4" in {r["rule"] for r in decided["reasons"]}

    def test_a_bad_check_in_is_explained_not_saved(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        page = client.post("/checkin", data={"side": "left", "morning_pain": "11"})
        assert page.status_code == 422
        assert "morning_pain" in page.text

    def test_uploaded_fit_files_are_imported_and_listed(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        before = client.get(f"/api/v1/runners/{runner_id(client)}/activities").json()["total"]
        page = client.post("/upload", files=upload(client, RUN, WALK, SETTINGS))
        assert page.status_code == 200
        assert "/upload/jobs/" in str(page.url)  # sent on to the import's own page
        result = page_import(client, page)
        assert "Imported 2 activities from 3 files" in result
        assert RUN.name in result
        assert "skipped" in result  # the settings file holds no activity
        listed = client.get(f"/api/v1/runners/{runner_id(client)}/activities").json()
        assert listed["total"] == before + 2
        assert {"running", "walking"} <= {a["sport"] for a in listed["activities"]}
        assert "2017" in client.get("/activities").text

    def test_the_same_file_twice_is_a_duplicate(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        page_import(client, client.post("/upload", files=upload(client, RUN)))
        again = client.post("/upload", files=upload(client, RUN), headers={"hx-request": "true"})
        assert again.status_code == 202  # taken, imported in the background
        assert "<html" not in again.text  # htmx gets the fragment only
        result = page_import(client, again)
        assert "<html" not in result
        assert "duplicate" in result
        assert "Imported 0 activities" in result

    def test_settings_change_units_and_fast_pace(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        page = client.post("/settings", data={"units": "mi", "fast_pace": "7:30"})
        assert "Settings saved." in page.text
        settings = client.get(f"/api/v1/runners/{runner_id(client)}/settings").json()
        assert settings["runner"]["units"] == "mi"
        assert settings["fast_pace_text"] == "7:30 /mi"
        assert " mi" in client.get("/today").text
        bad = client.post("/settings", data={"units": "mi", "fast_pace": "fast"})
        assert bad.status_code == 422
        assert "not a pace" in bad.text

    def test_a_year_of_birth_in_settings_screens_heel_pain_while_growing(
        self, sign_in: SignIn
    ) -> None:
        """RF-11 needs the runner's age: settings take the year of birth, keep it when the field
        is left empty, and refuse a year that is not plausible."""
        client = sign_in("steady")
        young = server_today().year - 15
        page = client.post("/settings", data={"units": "km", "birth_year": str(young)})
        assert "Settings saved." in page.text
        assert f'value="{young}"' in page.text
        client.post("/settings", data={"units": "km", "birth_year": ""})  # left empty: kept
        url = f"/api/v1/runners/{runner_id(client)}/settings"
        assert client.get(url).json()["birth_year"] == young
        for bad in ("1850", "abcd"):
            refused = client.post("/settings", data={"units": "km", "birth_year": bad})
            assert refused.status_code == 422
        half = {"units": "mi", "fast_pace": "fast", "birth_year": str(young - 1)}
        assert client.post("/settings", data=half).status_code == 422
        kept = client.get(url).json()
        assert (kept["birth_year"], kept["runner"]["units"]) == (young, "km")  # nothing written
        decided = client.post(
            f"/api/v1/runners/{runner_id(client)}/checkins",
            json={"side": "left", "morning_pain": 2, "ran": False},
        ).json()
        assert decided["decision"] == "see_specialist"
        assert "RF-11" in {r["rule"] for r in decided["reasons"]}

    def test_a_runner_shares_and_stops_sharing_from_settings(self, sign_in: SignIn) -> None:
        client = sign_in("steady")
        page = client.post("/settings/shares", data={"email": "coach@example.org"})
        assert "Give this code to coach@example.org" in page.text
        shares = client.get("/api/v1/shares").json()["shares"]
        invited = next(s for s in shares if s["specialist_email"] == "coach@example.org")
        client.post(f"/settings/shares/{invited['id']}/revoke")
        physio = next(s for s in shares if s["specialist_email"].startswith("physio@"))
        client.post(f"/settings/shares/{physio['id']}/revoke")
        assert "Nobody but you." in client.get("/settings").text
        clinic = sign_in("physio").get("/api/v1/clinic").json()
        assert "Sofia Steady" not in [r["name"] for r in clinic["runners"]]

    def test_a_specialist_has_no_runner_pages(self, sign_in: SignIn) -> None:
        assert sign_in("physio").get("/today").status_code == 403


class TestSpecialistPages:
    def test_the_red_flag_runner_comes_first(self, sign_in: SignIn) -> None:
        page = sign_in("physio").get("/clinic").text
        names = re.findall(r"<strong>(.*?)</strong>", page)
        assert names == ["Rob Redflag", "Rita Rehab", "Sam Spike", "Sofia Steady"]
        assert "A sudden pop or snap was reported on" in page

    def test_a_runner_view_is_read_only(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        rows = physio.get("/api/v1/clinic").json()["runners"]
        page = physio.get(f"/clinic/runners/{rows[0]['runner_id']}").text
        assert "Rob Redflag" in page
        assert "Urgent" in page
        assert 'href="/checkin"' not in page

    def test_an_unshared_runner_view_is_refused(self, sign_in: SignIn) -> None:
        runner = sign_in("spike")
        [share] = runner.get("/api/v1/shares").json()["shares"]
        runner.post(f"/api/v1/shares/{share['id']}/revoke")
        page = sign_in("physio").get(f"/clinic/runners/{runner_id(runner)}")
        assert page.status_code == 403

    def test_a_specialist_accepts_an_invitation_on_the_dashboard(
        self, sign_in: SignIn, app_client: TestClient
    ) -> None:
        app_client.post(
            "/signup",
            data={"email": "new@example.org", "password": "new-runner-pw", "name": "Nia New"},
        )
        app_client.post("/signin", data={"email": "new@example.org", "password": "new-runner-pw"})
        app_client.post("/settings/shares", data={"email": "physio@demo.achillescare.org"})
        [share] = app_client.get("/api/v1/shares").json()["shares"]
        code = app_client.post("/api/v1/shares", json={"email": share["specialist_email"]})
        physio = sign_in("physio")
        assert "Nia New" not in physio.get("/clinic").text
        after = physio.post("/clinic/invitations", data={"code": code.json()["code"]}).text
        names = re.findall(r"<strong>(.*?)</strong>", after)
        # No check-in yet reads as "modify" (DATA-1): among the modify runners, by name.
        assert names == ["Rob Redflag", "Rita Rehab", "Nia New", "Sam Spike", "Sofia Steady"]


class TestRefusedAnswersReadAsOneLine:
    """A refused form answer is one line naming the field, never pydantic's "1 validation error
    for StartIn" header."""

    def test_a_plan_start_with_a_bad_location_names_the_field(self, sign_in: SignIn) -> None:
        page = sign_in("spike").post("/plan/start", data={"location": "knee", "run_days": "mon"})
        assert page.status_code == 422
        assert "validation error" not in page.text
        assert "Where does it hurt: choose one of the answers." in page.text
        assert 'value="mon"' in page.text  # the other answers are kept

    def test_a_self_test_with_an_unknown_test_names_the_field(self, sign_in: SignIn) -> None:
        page = sign_in("steady").post("/selftests", data={"test": "moonwalk"})
        assert page.status_code == 422
        assert "validation error" not in page.text
        assert "Test: choose one of the answers." in page.text


class TestPlanPages:
    def test_a_runner_starts_a_program_and_sees_the_week(self, sign_in: SignIn) -> None:
        client = sign_in("spike")
        assert "Start a program" in client.get("/plan").text
        page = client.post(
            "/plan/start",
            data={"location": "insertional", "affected": "right", "run_days": "mon,wed,sat"},
        )
        assert page.status_code == 200
        assert "Recovery" in page.text
        plan = client.get(f"/api/v1/runners/{runner_id(client)}/plan").json()
        assert plan["has_program"]
        assert len(plan["days"]) == 7
        for day in plan["days"]:
            heading = date.fromisoformat(day["date"]).strftime("%A %d %b")
            assert heading in page.text

    def test_each_exercise_shows_its_instructions_and_drawing(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        plan = client.get(f"/api/v1/runners/{runner_id(client)}/plan").json()
        exercises = [e for d in plan["days"] for s in d["sessions"] for e in s["exercises"]]
        assert exercises
        page = client.get("/plan").text
        first = exercises[0]
        assert first["steps"][0] in page
        drawing = client.get(first["illustration_url"])
        assert drawing.status_code == 200
        assert drawing.headers["content-type"] == "image/svg+xml"
        assert f'alt="Drawing: {first["name"]}"' in page

    def test_ticking_off_an_exercise_records_pain_and_effort(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        plan = client.get(f"/api/v1/runners/{runner_id(client)}/plan").json()
        today = next(d for d in plan["days"] if d["date"] == plan["today"])
        exercise = today["sessions"][0]["exercises"][0]
        page = client.post(
            "/plan/done",
            data={
                "date": plan["today"],
                "exercise_id": exercise["exercise_id"],
                "pain_during": "3",
                "rpe": "6",
            },
        )
        assert "Done ✓ · pain 3/10 · effort 6/10" in page.text
        after = client.get(f"/api/v1/runners/{runner_id(client)}/plan").json()
        [ticked] = [
            e
            for d in after["days"]
            if d["date"] == plan["today"]
            for s in d["sessions"]
            for e in s["exercises"]
            if e["exercise_id"] == exercise["exercise_id"]
        ]
        assert (ticked["done"], ticked["pain_during"], ticked["rpe"]) == (True, 3, 6.0)

    def test_a_future_day_cannot_be_ticked_off(self, sign_in: SignIn) -> None:
        client = sign_in("rehab")
        response = client.post(
            f"/api/v1/runners/{runner_id(client)}/plan/done",
            json={"date": "2999-01-01", "exercise_id": "seated_soleus_raise"},
        )
        assert response.status_code == 400
        assert "future" in response.json()["detail"]

    def test_an_unknown_drawing_is_not_found(self, app_client: TestClient) -> None:
        assert app_client.get("/exercises/not_an_exercise.svg").status_code == 404
        assert app_client.get("/exercises/..%2Fsecrets.svg").status_code == 404


class TestProgramEditing:
    def test_a_specialist_changes_the_program_and_the_change_is_recorded(
        self, sign_in: SignIn
    ) -> None:
        physio = sign_in("physio")
        runner = sign_in("rehab")
        rid = runner_id(runner)
        page = physio.post(
            f"/clinic/runners/{rid}/program",
            data={"phase": "2", "protocol": "alfredson", "reason": "pain settled within 24 h"},
        )
        assert page.status_code == 200
        assert "Dr Alex Physio: pain settled within 24 h" in page.text
        states = runner.get(f"/api/v1/runners/{rid}/program").json()["states"]
        assert (states[0]["phase"], states[0]["protocol"]) == (2, "alfredson")
        assert states[0]["reason"] == "Dr Alex Physio: pain settled within 24 h"
        assert states[1]["phase"] == 1  # the earlier state is kept
        assert runner.get(f"/api/v1/runners/{rid}/plan").json()["phase"] == 2

    def test_a_change_needs_a_reason_and_something_to_change(self, sign_in: SignIn) -> None:
        physio = sign_in("physio")
        rid = runner_id(sign_in("rehab"))
        no_reason = physio.post(f"/clinic/runners/{rid}/program", data={"phase": "2", "reason": ""})
        assert no_reason.status_code == 422
        nothing = physio.put(f"/api/v1/runners/{rid}/program", json={"reason": "just looking"})
        assert nothing.status_code == 400
