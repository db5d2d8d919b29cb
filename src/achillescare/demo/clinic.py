"""The demo clinic: one specialist and four runners who share with them, for ``serve --demo``,
the web tests and the browser tests (one builder, the same data everywhere).

* a steady runner — twelve even weeks, a prevention program, a calm check-in → run;
* a runner after a mileage spike — the demo history (:mod:`achillescare.demo.history`), whose last long
  run is far beyond the month's longest → modify (single-run spike, Frandsen et al. 2025);
* a runner in rehab — walk-run volume, a mid-portion recovery program started this week, and a
  morning with pain 6/10 → rest (pain-monitoring model, Silbernagel et al. 2007);
* a runner with a red flag — a felt snap and no single-leg heel raise → urgent (suspected
  rupture; Maffulli 1998).

Every demo account has the password :data:`DEMO_PASSWORD`; these accounts exist only where this
function is called (``achilles serve --demo`` and tests), never in a normal store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from achillescare.demo.history import PlannedRun, demo_activities, demo_plan, synthesise
from achillescare.domain.accounts import User
from achillescare.domain.activity.records import ParsedActivity
from achillescare.domain.assessment.symptoms import FLAG_FIELDS, RUN_FLAGS
from achillescare.domain.program.plan import Location, RunningWeek
from achillescare.domain.runner import Runner
from achillescare.services import accounts
from achillescare.services.checkins import record_checkin, record_visa_a
from achillescare.services.decisions import decide_for
from achillescare.services.importing import import_parsed
from achillescare.services.programs import start_program
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import web as web_repo

DEMO_PASSWORD = "demo-heel-raises"  # noqa: S105  (public on purpose: demo accounts only)
SPECIALIST_EMAIL = "physio@demo.achillescare.org"
DOMAIN = "demo.achillescare.org"
HISTORY_DAYS = 13
"""Days of logged decisions before today (as if each runner had opened the app every day)."""


@dataclass(frozen=True, slots=True)
class DemoRunner:
    key: str
    name: str
    story: str
    history: Callable[[date], list[ParsedActivity]]
    checkins: Callable[[date], list[dict[str, object]]]
    program: Location | None = None
    """Where it hurts, for the program started at seeding (None: no program yet)."""
    visa_a: tuple[tuple[int, dict[str, object]], ...] = ()
    """VISA-A responses as (weeks ago, answers)."""

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


@dataclass(frozen=True, slots=True)
class DemoClinic:
    specialist: User
    runners: dict[str, Runner]
    logins: tuple[tuple[str, str], ...]
    """(e-mail, who) of every demo account, specialist first."""


def _steady(today: date) -> list[ParsedActivity]:
    """The demo plan without its final spike: the last long run stays in line."""
    plan = demo_plan(today)
    last_monday = today - timedelta(days=today.weekday() + 7)
    even = [
        replace(run, distance_m=run.distance_m - 7_000)
        if run.name == "Long run" and run.day >= last_monday
        else run
        for run in plan
    ]
    return [synthesise(run, seed=100 + i) for i, run in enumerate(even)]


def _rehab(today: date) -> list[ParsedActivity]:
    """Six weeks of walk-run sessions, three a week, 3–4.5 km at an easy pace."""
    runs: list[PlannedRun] = []
    for week in range(6):
        monday = today - timedelta(days=today.weekday() + 7 * (6 - week))
        distance = 3_000 + 300 * week
        runs += [
            PlannedRun(monday + timedelta(days=d), distance, 2.2, name="Walk-run")
            for d in (0, 2, 5)
        ]
    return [synthesise(run, seed=200 + i) for i, run in enumerate(runs) if run.day < today]


def _days(today: date, answers: Mapping[int, Mapping[str, object]]) -> list[dict[str, object]]:
    """Check-ins ``days_ago → answers`` as dated left-side check-ins, oldest first; every yes/no
    item not given is answered "no", as a runner filling in the whole form would (an unanswered
    red-flag item is not a "no" and would keep the answer at 'modify')."""
    out = []
    for days_ago in sorted(answers, reverse=True):
        day = today - timedelta(days=days_ago)
        given = answers[days_ago]
        noes = {
            name: False
            for name in FLAG_FIELDS
            if not (name in RUN_FLAGS and given.get("ran") is False)
        }
        out.append({"date": day.isoformat(), "side": "left", **noes, **given})
    return out


def _calm(today: date) -> list[dict[str, object]]:
    calm = {"ran": True, "pain_during_run": 1, "pain_after_run": 1, "morning_pain": 1}
    return _days(today, {2: calm, 1: calm, 0: {"ran": False, "morning_pain": 1}})


def _sore(today: date) -> list[dict[str, object]]:
    return _days(
        today,
        {
            3: {"ran": True, "pain_during_run": 3, "pain_after_run": 3, "morning_pain": 3},
            2: {"ran": False, "morning_pain": 4, "morning_stiffness_min": 20},
            1: {"ran": True, "pain_during_run": 5, "pain_after_run": 6, "morning_pain": 4},
            0: {"ran": False, "morning_pain": 6, "morning_stiffness_min": 45, "tenderness": True},
        },
    )


def _snap(today: date) -> list[dict[str, object]]:
    return _days(
        today,
        {
            1: {"ran": True, "pain_during_run": 2, "pain_after_run": 2, "morning_pain": 1},
            0: {
                "ran": True,
                "pain_during_run": 8,
                "morning_pain": 7,
                "sudden_pop": True,
                "cannot_heel_raise": True,
                "limping": True,
            },
        },
    )


DEMO_RUNNERS: tuple[DemoRunner, ...] = (
    DemoRunner("steady", "Sofia Steady", "steady training", _steady, _calm, "none"),
    DemoRunner("spike", "Sam Spike", "after a mileage spike", demo_activities, _calm),
    DemoRunner(
        "rehab",
        "Rita Rehab",
        "in rehab",
        _rehab,
        _sore,
        "mid_portion",
        (
            (
                6,
                {
                    "1": 3,
                    "2": 3,
                    "3": 4,
                    "4": 3,
                    "5": 2,
                    "6": 2,
                    "7": 0,
                    "8": {"branch": "B", "minutes": 5},
                },
            ),
            (
                3,
                {
                    "1": 5,
                    "2": 5,
                    "3": 6,
                    "4": 5,
                    "5": 4,
                    "6": 4,
                    "7": 4,
                    "8": {"branch": "B", "minutes": 15},
                },
            ),
            (
                0,
                {
                    "1": 5,
                    "2": 4,
                    "3": 6,
                    "4": 5,
                    "5": 4,
                    "6": 3,
                    "7": 4,
                    "8": {"branch": "B", "minutes": 12},
                },
            ),
        ),
    ),
    DemoRunner("redflag", "Rob Redflag", "with a red flag", _steady, _snap),
)


def seed_demo_clinic(store: Store, today: date) -> DemoClinic:
    """Seed the demo clinic (once: a store that has it keeps its data) and describe it.

    A clinic seeded earlier gets today's :data:`DEMO_PASSWORD` again, so the logins printed
    always work (it changed when sign-up began refusing easy passwords)."""
    with store.session() as session:
        found = web_repo.find_user_by_email(session, SPECIALIST_EMAIL)
    if found is None:
        specialist = accounts.sign_up(
            store, SPECIALIST_EMAIL, DEMO_PASSWORD, "Dr Alex Physio", "specialist"
        )
        for demo in DEMO_RUNNERS:
            _seed_runner(store, demo, specialist, today)
    else:
        specialist = found[0]
        accounts.reset_passwords(store, [email for email, _ in demo_logins()], DEMO_PASSWORD)
    runners: dict[str, Runner] = {}
    with store.session() as session:
        for demo in DEMO_RUNNERS:
            user = web_repo.find_user_by_email(session, demo.email)
            runner = (
                None
                if user is None or user[0].runner_id is None
                else runners_repo.get(session, user[0].runner_id)
            )
            if runner is not None:
                runners[demo.key] = runner
    return DemoClinic(specialist=specialist, runners=runners, logins=demo_logins())


def demo_logins() -> tuple[tuple[str, str], ...]:
    """(e-mail, who) of every demo account, the specialist first."""
    return (
        (SPECIALIST_EMAIL, "specialist (sees all four runners)"),
        *((demo.email, f"runner {demo.story}") for demo in DEMO_RUNNERS),
    )


def _seed_runner(store: Store, demo: DemoRunner, specialist: User, today: date) -> None:
    user = accounts.sign_up(store, demo.email, DEMO_PASSWORD, demo.name, "runner")
    runner = accounts.own_runner(store, user)
    import_parsed(store, runner, demo.history(today), source_kind="demo")
    for answers in demo.checkins(today):
        record_checkin(store, runner, answers, today)
    for weeks_ago, answers in demo.visa_a:
        record_visa_a(store, runner, answers, today - timedelta(weeks=weeks_ago), "left")
    if demo.program is not None:
        start_program(
            store,
            runner,
            location=demo.program,
            started_on=today - timedelta(days=today.weekday()),
            affected=None if demo.program == "none" else "left",
            running_week=RunningWeek.parse("tue,thu,sun", "sun"),
        )
    now = datetime.now(UTC)
    _, code = accounts.invite_specialist(store, user, specialist.email, now)
    accounts.accept_invitation(store, specialist, code, now)
    for days_ago in range(HISTORY_DAYS, -1, -1):  # the decision log a clinician reads back
        decide_for(store, runner, today - timedelta(days=days_ago), log=True)
