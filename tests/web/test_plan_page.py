"""The plan on a phone: today first and open, other days folded to a line with done/missed
marks, a home alternative for gym-only exercises, and no command-line words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from achillescare.library import LibraryError, load_exercises
from tests.web.conftest import SignIn, runner_id

DAY = re.compile(r'<details class="card day day-(\w+)" id="day-([\d-]+)"( open)?')


def test_today_comes_first_open_and_the_other_days_are_folded(sign_in: SignIn) -> None:
    page = sign_in("steady").get("/plan").text
    days = DAY.findall(page)
    assert days[0][0] == "today"
    assert days[0][2] == " open"
    assert all(opened == "" for _, _, opened in days[1:])
    later = [d for state, d, _ in days if state == "coming"]
    earlier = [d for state, d, _ in days if state in {"missed", "done", "past"}]
    assert later == sorted(later)
    assert (
        page.index("Coming days") < page.index("Earlier this week") if earlier and later else True
    )
    assert len(days) == 7


def test_a_past_day_with_exercises_not_ticked_off_reads_missed_and_then_done(
    sign_in: SignIn,
) -> None:
    client = sign_in("rehab")
    plan = client.get(f"/api/v1/runners/{runner_id(client)}/plan").json()
    page = client.get("/plan").text
    missed = [d for state, d, _ in DAY.findall(page) if state == "missed"]
    assert missed, "the demo rehab runner has not ticked off earlier days"
    day = missed[-1]
    [planned] = [d for d in plan["days"] if d["date"] == day]
    for session in planned["sessions"]:
        for exercise in session["exercises"]:
            answer = client.post(
                "/plan/done",
                data={"date": day, "exercise_id": exercise["exercise_id"], "kind": "recovery",
                      "pain_during": "2", "rpe": "5"},
            )  # fmt: skip
            assert answer.status_code in (200, 303), answer.text
    after = client.get("/plan").text
    assert (("done", day, "")) in DAY.findall(after)
    assert re.search(rf'id="day-{day}">.*?aria-label="all done"', after, re.S)


def test_gym_exercises_name_a_home_alternative(sign_in: SignIn) -> None:
    page = sign_in("steady").get("/plan").text
    library = load_exercises()
    for exercise_id, card in library.items():
        if card.home_alternative and f'-{exercise_id}"' in page:
            home = library[card.home_alternative].name.lower()
            assert f"No gym? Do the {home} instead." in page


def test_the_plan_never_tells_a_web_user_to_type_a_command(sign_in: SignIn) -> None:
    for who in ("steady", "rehab", "spike"):
        text = re.sub(r"<[^>]+>", " ", sign_in(who).get("/plan").text)
        assert "achilles " not in text


def test_a_home_alternative_must_name_another_card(tmp_path: Path) -> None:
    source = Path(load_exercises.__code__.co_filename).parent.parent / "data" / "exercises"
    for card in source.glob("*.toml"):
        (tmp_path / card.name).write_text(card.read_text())
    broken = tmp_path / "hip_thrust.toml"
    broken.write_text(broken.read_text().replace('"single_leg_bridge"', '"sofa_press"'))
    with pytest.raises(LibraryError, match="home_alternative 'sofa_press'"):
        load_exercises(tmp_path)
