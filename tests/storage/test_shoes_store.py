"""Shoes on a real store: gear from the real Strava export in the corpus (read in place: it has
no licence) and from rebuilt variants of it, Garmin gear files, retiring, reminders, deleting a
shoe with runs, deleting and exporting a runner, and upgrading a database from before shoes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from achillescare.domain.runner import Runner
from achillescare.errors import Conflict, InvalidInput, NotFound
from achillescare.services import shoes as shoes_service
from achillescare.services.activities import list_activities
from achillescare.services.decisions import decide_for
from achillescare.services.importing import import_paths, log_run
from achillescare.services.runners import delete_runner, export_runner
from achillescare.storage.db import Store, alembic_config, migration_heads, open_store
from tests.conftest import MakeRunner, corpus_dir

FILENAME, GEAR = 12, 11


def strava_export() -> Path:
    return corpus_dir("exports") / "sportiva__export.zip"


def rebuilt(tmp_path: Path, gear: dict[str, str], shoes_csv: str | None) -> Path:
    """The real export with ``Activity Gear`` filled in for some files, and a ``shoes.csv``."""
    with zipfile.ZipFile(strava_export()) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    table = list(csv.reader(io.StringIO(files["activities.csv"].decode())))
    for row in table[1:]:
        row[GEAR] = gear.get(row[FILENAME], row[GEAR])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    files["activities.csv"] = out.getvalue().encode()
    if shoes_csv is not None:
        files["shoes.csv"] = shoes_csv.encode()
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def shoe_of_each_run(store: Store, runner: Runner) -> dict[str, int | None]:
    return {
        a.start_utc.date().isoformat(): a.shoe_id
        for a in list_activities(store, runner)
        if a.is_run
    }


class TestStravaExport:
    def test_the_real_export_names_no_gear_so_runs_go_to_the_default_shoe(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana = make_runner(store)
        daily = shoes_service.add_shoe(
            store, ana, name="Daily", drop_mm=10, default_sports=("running",)
        )
        report = import_paths(store, ana.name, [strava_export()])
        assert report.shoes_added == []  # the corpus export has no shoes.csv and no gear
        activities = list_activities(store, ana)
        runs = [a for a in activities if a.is_run]
        assert len(runs) == 15
        assert {a.shoe_id for a in runs} == {daily.id}
        assert {a.shoe_id for a in activities if not a.is_run} == {None}  # rides, hikes, skis
        [use] = shoes_service.list_shoes(store, ana)
        assert use.activities == 15
        assert use.distance_m == pytest.approx(sum(a.distance_m for a in runs))

    def test_shoes_csv_and_activity_gear_assign_runs_by_name(
        self, store: Store, make_runner: MakeRunner, tmp_path: Path
    ) -> None:
        ana = make_runner(store)
        export = rebuilt(
            tmp_path,
            {
                "activities/7575687940.gpx.gz": "Kiprun KD900",
                "activities/8826653772.gpx": "Hoka Clifton 9 Blue",
            },
            "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n"
            ",Kiprun,KD900,Run\n"
            "Blue,Hoka,Clifton 9,\n",
        )
        report = import_paths(store, ana.name, [export])
        assert [s.name for s in report.shoes_added] == ["Kiprun KD900", "Blue"]
        kiprun, blue = report.shoes_added
        assert kiprun.default_sports == ("running",)
        shoes = shoe_of_each_run(store, ana)
        assert shoes["2022-05-09"] == kiprun.id  # named on the row
        assert shoes["2023-04-03"] == blue.id  # "Brand Model Nickname", as Strava writes it
        assert shoes["2024-05-16"] == kiprun.id  # no gear named: the default for running
        again = import_paths(store, ana.name, [export])
        assert again.shoes_added == []  # known by name: not added twice

    def test_a_shoe_added_later_claims_the_runs_that_named_it(
        self, store: Store, make_runner: MakeRunner, tmp_path: Path
    ) -> None:
        ana = make_runner(store)
        export = rebuilt(tmp_path, {"activities/7575687940.gpx.gz": "Kiprun KD900"}, None)
        import_paths(store, ana.name, [export])
        assert shoe_of_each_run(store, ana)["2022-05-09"] is None
        shoe = shoes_service.add_shoe(store, ana, name="Race", brand="Kiprun", model="KD900")
        assert shoe_of_each_run(store, ana)["2022-05-09"] == shoe.id


GARMIN_GEAR = [
    {
        "gearDTOS": [
            {"gearPk": 11, "gearTypeName": "Shoes", "gearMakeName": "Asics",
             "gearModelName": "Novablast 4", "displayName": "Nova", "customMakeModel":
             "Asics Novablast 4", "gearStatusName": "active",
             "dateBegin": "2016-02-01T00:00:00.0", "dateEnd": None,
             "maximumMeters": 640000.0},
            {"gearPk": 12, "gearTypeName": "Bike", "displayName": "Commuter"},
        ],
        "gearActivityDTOs": {"11": [{"activityId": 3}]},
    }
]  # fmt: skip


class TestGarminExport:
    def test_gear_json_gives_the_shoe_and_the_run_worn_in_it(
        self, store: Store, make_runner: MakeRunner, tmp_path: Path
    ) -> None:
        start = datetime(2016, 3, 1, 6, 30, tzinfo=UTC)
        summary = {
            "activityId": 3, "name": "Run 3", "activityType": "running",
            "startTimeGmt": int(start.timestamp() * 1000), "distance": 1_000_000.0,
            "duration": 3_000_000.0,
        }  # fmt: skip
        path = tmp_path / "garmin.zip"
        with zipfile.ZipFile(path, "w") as archive:
            fitness = "DI_CONNECT/DI-Connect-Fitness/"
            archive.writestr(
                fitness + "runner_0_summarizedActivities.json",
                json.dumps([{"summarizedActivitiesExport": [summary]}]),
            )
            archive.writestr(fitness + "runner_gear.json", json.dumps(GARMIN_GEAR))
        ana = make_runner(store)
        report = import_paths(store, ana.name, [path])
        [nova] = report.shoes_added  # the bike is not a shoe
        assert (nova.name, nova.brand, nova.model) == ("Nova", "Asics", "Novablast 4")
        assert (nova.first_used, nova.reminder_m) == (date(2016, 2, 1), 640_000.0)
        [run] = list_activities(store, ana)
        assert (run.gear, run.shoe_id) == ("Nova", nova.id)


class TestEditing:
    def test_retiring_keeps_the_history_and_ends_the_default(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana = make_runner(store)
        old = shoes_service.add_shoe(store, ana, name="Old", default_sports=("running",))
        first = log_run(store, ana, start=datetime(2026, 5, 1, 7, tzinfo=UTC),
                        distance_m=8000, duration_s=2400)  # fmt: skip
        retired = shoes_service.retire_shoe(store, ana, old.id or 0, date(2026, 5, 2))
        assert retired.retired_on == date(2026, 5, 2)
        later = log_run(store, ana, start=datetime(2026, 5, 3, 7, tzinfo=UTC),
                        distance_m=8000, duration_s=2400)  # fmt: skip
        assert (first.shoe_id, later.shoe_id) == (old.id, None)
        [use] = shoes_service.list_shoes(store, ana)
        assert (use.activities, use.distance_m, use.due) == (1, 8000, False)
        again = shoes_service.retire_shoe(store, ana, old.id or 0, None)
        assert not again.retired

    def test_a_pair_past_its_replacement_distance_is_reminded(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana = make_runner(store)
        shoe = shoes_service.add_shoe(
            store, ana, name="Worn", reminder_m=50_000, default_sports=("running",)
        )
        for day in range(1, 8):
            log_run(store, ana, start=datetime(2026, 5, day, 7, tzinfo=UTC),
                    distance_m=8000, duration_s=2400)  # fmt: skip
        [due] = shoes_service.reminders(shoes_service.list_shoes(store, ana))
        assert (due.shoe.id, due.distance_m) == (shoe.id, 56_000)

    def test_bad_values_and_duplicate_names_are_refused_plainly(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana = make_runner(store)
        shoes_service.add_shoe(store, ana, name="Daily")
        with pytest.raises(Conflict, match="already has a shoe named 'daily'"):
            shoes_service.add_shoe(store, ana, name="daily")
        with pytest.raises(InvalidInput, match="drop must be 0–30 mm"):
            shoes_service.add_shoe(store, ana, name="Typo", drop_mm=45)

    def test_another_runners_shoe_or_run_is_not_found(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana, bo = make_runner(store), make_runner(store, "Bo")
        hers = shoes_service.add_shoe(store, ana, name="Hers")
        his_run = log_run(store, bo, start=datetime(2026, 5, 1, 7, tzinfo=UTC),
                          distance_m=8000, duration_s=2400)  # fmt: skip
        with pytest.raises(NotFound):
            shoes_service.assign_activities(store, bo, [his_run.id or 0], hers.id)
        with pytest.raises(NotFound, match="no activity"):
            shoes_service.assign_activities(store, ana, [his_run.id or 0], hers.id)
        with pytest.raises(NotFound):
            shoes_service.delete_shoe(store, bo, hers.id or 0)


class TestDeleting:
    def test_deleting_a_shoe_keeps_its_runs_with_no_shoe(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana = make_runner(store)
        shoe = shoes_service.add_shoe(store, ana, name="Daily", default_sports=("running",))
        for day in (1, 2):
            log_run(store, ana, start=datetime(2026, 5, day, 7, tzinfo=UTC),
                    distance_m=8000, duration_s=2400)  # fmt: skip
        assert [a.shoe_id for a in list_activities(store, ana)] == [shoe.id, shoe.id]
        assert shoes_service.delete_shoe(store, ana, shoe.id or 0) == 2
        assert [a.shoe_id for a in list_activities(store, ana)] == [None, None]
        assert shoes_service.list_shoes(store, ana) == []

    def test_a_runners_export_holds_their_shoes_and_deleting_them_deletes_the_shoes(
        self, store: Store, make_runner: MakeRunner
    ) -> None:
        ana, bo = make_runner(store), make_runner(store, "Bo")
        shoes_service.add_shoe(store, ana, name="Daily", drop_mm=8)
        shoes_service.add_shoe(store, bo, name="His")
        exported = export_runner(store, ana)
        assert [(s["name"], s["drop_mm"]) for s in exported["tables"]["shoes"]] == [("Daily", 8)]
        delete_runner(store, ana)
        with store.session() as session:
            left = session.execute(text("select name from shoes")).scalars().all()
        assert left == ["His"]


def test_the_daily_decision_shows_a_switch_to_a_lower_drop_as_a_caution(
    store: Store, make_runner: MakeRunner
) -> None:
    ana = make_runner(store)
    high = shoes_service.add_shoe(store, ana, name="High", drop_mm=10)
    low = shoes_service.add_shoe(store, ana, name="Low", drop_mm=4)
    runs = [
        log_run(store, ana, start=datetime(2026, 5, day, 7, tzinfo=UTC),
                distance_m=8000, duration_s=2400)
        for day in (1, 3, 18)
    ]  # fmt: skip
    shoes_service.assign_activities(store, ana, [r.id or 0 for r in runs[:2]], high.id)
    shoes_service.assign_activities(store, ana, [runs[2].id or 0], low.id)
    result = decide_for(store, ana, date(2026, 5, 20), log=False)
    [signal] = [s for s in result.signals if s.id == "shoe_change"]
    assert signal.status == "caution"
    assert "TRAIN-2" in result.fired
    later = decide_for(store, ana, date(2026, 6, 5), log=False)
    assert "shoe_change" not in {s.id for s in later.signals}


def test_a_database_from_before_shoes_is_upgraded_with_its_runs_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    for head in (
        "0003_programs",
        "0008_clinical_review",
        "0009_accounts",
        "0010_activity_excluded",
    ):
        command.upgrade(alembic_config(engine), head)
    now = datetime(2026, 5, 4, 9, 30, tzinfo=UTC).isoformat()
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "insert into runners (id, name, units, created_at) values (1, 'Ana', 'km', ?)", (now,)
        )
        connection.exec_driver_sql(
            "insert into activities (id, runner_id, start_utc, utc_offset_s, sport, distance_m,"
            " duration_s, moving_s, source, source_kind, source_index, imported_at, gear)"
            " values (7, 1, ?, 0, 'running', 5000, 1500, 1500, 'old.fit', 'fit', 0, ?, 'Daily')",
            (now, now),
        )
    engine.dispose()
    store = open_store(str(path))
    try:
        with store.session() as session:
            version = session.execute(text("select version_num from alembic_version")).scalars()
            assert set(version) == migration_heads()
            autoincrement = session.execute(
                text("select sql from sqlite_master where name = 'activities'")
            ).scalar_one()
        assert "AUTOINCREMENT" in autoincrement  # added in place: 0010's rebuild kept
        ana = Runner(1, "Ana")
        [old] = list_activities(store, ana)
        assert old.shoe_id is None
        shoe = shoes_service.add_shoe(store, ana, name="Daily")
        [claimed] = list_activities(store, ana)
        assert (claimed.id, claimed.shoe_id) == (7, shoe.id)
    finally:
        store.close()


def test_insights_read_each_runs_shoe_its_distance_before_and_its_drop(store: Store) -> None:
    """The insights' new-pair and drop comparisons get the stored shoe of each run."""
    from achillescare.demo.seed import seed_demo_runner  # noqa: PLC0415
    from achillescare.services.activities import list_activities  # noqa: PLC0415
    from achillescare.services.insights import insight_input  # noqa: PLC0415
    from achillescare.services.shoes import add_shoe, assign_activities  # noqa: PLC0415

    runner, _ = seed_demo_runner(store, date.today())
    runs = [a for a in list_activities(store, runner) if a.counts_for_load]
    shoe = add_shoe(store, runner, name="Racer", drop_mm=4.0)
    assert shoe.id is not None
    assign_activities(store, runner, [a.id for a in runs[-3:] if a.id is not None], shoe.id)
    read = insight_input(store, runner, date.today()).runs
    worn = [r for r in read if r.shoe == "Racer"]
    assert len(worn) == 3
    assert [r.shoe_drop_mm for r in worn] == [4.0, 4.0, 4.0]
    assert worn[0].shoe_distance_before_m == 0.0
    assert worn[2].shoe_distance_before_m == pytest.approx(
        runs[-3].distance_m + runs[-2].distance_m
    )
    assert all(r.shoe is None and r.shoe_drop_mm is None for r in read if r not in worn)
