"""Check-ins, questionnaire responses and decisions in a real store (SQLite, and PostgreSQL when
it is running)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import text

from achillescare.domain.activity.records import Activity
from achillescare.errors import InvalidInput
from achillescare.services import checkins as svc
from achillescare.services.decisions import decide_for
from achillescare.services.runners import delete_runner, export_runner, runner_today
from achillescare.storage.db import Store
from achillescare.storage.repos import activities as activities_repo


def answers(day: date, **values: object) -> dict[str, object]:
    return {
        "date": day.isoformat(),
        "side": "left",
        "ran": True,
        "pain_during_run": 1,
        "pain_after_run": 1,
        "morning_pain": 1,
        "morning_stiffness_min": 5,
    } | values


def test_it_keeps_every_version_of_an_edited_checkin(any_store: Store, make_runner) -> None:
    """A second and third check-in for the same side and day update it; all three versions stay."""
    runner = make_runner(any_store)
    today = runner_today(runner)
    first = svc.record_checkin(any_store, runner, answers(today, morning_pain=2))
    second = svc.record_checkin(any_store, runner, answers(today, morning_pain=4, swelling=True))
    third = svc.record_checkin(any_store, runner, answers(today, morning_pain=3, notes="typo"))
    assert (first.revision, second.revision, third.revision) == (1, 2, 3)
    history = svc.checkin_history(any_store, runner, today, "left")
    assert [v.revision for v in history] == [1, 2, 3]
    assert [v.checkin.morning_pain for v in history] == [2, 4, 3]
    assert history[1].checkin.swelling is True
    assert history[0].recorded_at <= history[1].recorded_at <= history[2].recorded_at
    assert history[0].recorded_at.tzinfo is not None
    assert [c.morning_pain for c in svc.list_checkins(any_store, runner)] == [3]


def test_the_same_answers_saved_again_add_no_version(any_store: Store, make_runner) -> None:
    """A check-in sent twice (an offline queue replaying one that had landed) is stored once."""
    runner = make_runner(any_store)
    today = runner_today(runner)
    first = svc.record_checkin(any_store, runner, answers(today, morning_pain=2, sleep_hours=7.5))
    again = svc.record_checkin(any_store, runner, answers(today, morning_pain=2, sleep_hours=7.5))
    assert (first.revision, again.revision) == (1, 1)
    edited = svc.record_checkin(any_store, runner, answers(today, morning_pain=3, sleep_hours=7.5))
    assert edited.revision == 2
    assert [v.revision for v in svc.checkin_history(any_store, runner, today, "left")] == [1, 2]


def test_it_keeps_sides_and_days_apart(any_store: Store, make_runner) -> None:
    """Left and right on one day, and another day, are three check-ins, oldest first."""
    runner = make_runner(any_store)
    today = runner_today(runner)
    svc.record_checkin(any_store, runner, answers(today, side="right"))
    svc.record_checkin(any_store, runner, answers(today))
    svc.record_checkin(any_store, runner, answers(today - timedelta(days=1)))
    stored = svc.list_checkins(any_store, runner)
    assert [(c.date, c.side) for c in stored] == [
        (today - timedelta(days=1), "left"),
        (today, "left"),
        (today, "right"),
    ]


def test_it_refuses_a_future_or_out_of_range_checkin(store: Store, make_runner) -> None:
    """Tomorrow's check-in and a pain of 11 are refused as InvalidInput (exit 2)."""
    runner = make_runner(store)
    today = runner_today(runner)
    with pytest.raises(InvalidInput, match="future"):
        svc.record_checkin(store, runner, answers(today + timedelta(days=1)))
    with pytest.raises(InvalidInput, match="morning_pain"):
        svc.record_checkin(store, runner, answers(today, morning_pain=11))
    assert svc.list_checkins(store, runner) == []


def test_it_stores_scored_questionnaires(any_store: Store, make_runner) -> None:
    """VISA-A and OSTRC-O2 responses keep answers, score and the substantial flag."""
    runner = make_runner(any_store)
    visa = {
        "1": 7,
        "2": 6,
        "3": 7,
        "4": 8,
        "5": 5,
        "6": 4,
        "7": 4,
        "8": {"branch": "B", "minutes": 15},
    }
    scored, stored = svc.record_visa_a(any_store, runner, visa, side="left")
    assert scored.score == stored.score == 51
    svc.record_ostrc(any_store, runner, {"1": 1, "2": 2, "3": 1, "4": 1})
    responses = svc.list_responses(any_store, runner)
    assert [(r.instrument, r.score, r.substantial) for r in responses] == [
        ("visa_a", 51, None),
        ("ostrc_o2", 41, True),
    ]
    assert responses[0].answers == visa


def test_it_decides_from_stored_runs_and_checkins(any_store: Store, make_runner) -> None:
    """Stored runs (a 10 km spike after 5 km runs) and a quiet check-in → modify, logged."""
    runner = make_runner(any_store)
    today = runner_today(runner)
    with any_store.session() as session:
        for k, km in [*((k, 5.0) for k in range(31, 2, -2)), (1, 10.0)]:
            start = datetime.combine(today - timedelta(days=k), time(12), UTC)
            activities_repo.add(
                session,
                runner.id,
                Activity(
                    start_utc=start,
                    sport="running",
                    distance_m=km * 1000,
                    duration_s=km * 330,
                    moving_s=km * 330,
                    source="manual",
                    source_kind="manual",
                    content_sha256=f"{k:064d}",
                ),
            )
    svc.record_checkin(any_store, runner, answers(today - timedelta(days=1)))
    svc.record_checkin(any_store, runner, answers(today))
    result = decide_for(any_store, runner)
    assert result.decision == "modify"
    assert "TRAIN-1" in {r.rule for r in result.reasons}
    exported = export_runner(any_store, runner)["tables"]
    assert exported["decision_log"][0]["decision"] == "modify"
    assert len(exported["checkins"]) == 2


def test_racing_saves_of_one_checkin_all_land_as_revisions(any_store: Store, make_runner) -> None:
    """A double tap or two tabs: saves of the same side and day at once neither fail nor lose a
    version (the insert skips on the unique key, the edit locks the row)."""
    runner = make_runner(any_store)
    today = runner_today(runner)
    days = [today - timedelta(days=k) for k in range(5)]
    errors: list[BaseException] = []
    for day in days:
        start = threading.Barrier(4)

        def save(pain: int, day: date = day, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                svc.record_checkin(any_store, runner, answers(day, morning_pain=pain))
            except BaseException as error:  # collected: a thread's exception is otherwise lost
                errors.append(error)

        threads = [threading.Thread(target=save, args=(pain,)) for pain in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    for day in days:
        versions = svc.checkin_history(any_store, runner, day, "left")
        assert [v.revision for v in versions] == [1, 2, 3, 4]
        assert {v.checkin.morning_pain for v in versions} == {0, 1, 2, 3}


def test_it_deletes_symptom_data_with_the_runner(store: Store, make_runner) -> None:
    """Deleting a runner removes their check-ins, edits and responses (cascade on runner_id)."""
    runner = make_runner(store)
    today = runner_today(runner)
    svc.record_checkin(store, runner, answers(today))
    svc.record_checkin(store, runner, answers(today, morning_pain=3))
    svc.record_ostrc(store, runner, {"1": 0, "4": 0})
    delete_runner(store, runner)
    other = make_runner(store, "Bo")
    tables = export_runner(store, other)["tables"]
    with store.session() as session:
        counts = [
            session.execute(text(f"select count(*) from {t}")).scalar_one()
            for t in ("checkins", "checkin_edits", "questionnaire_responses")
        ]
    assert counts == [0, 0, 0]
    assert tables["checkins"] == []
