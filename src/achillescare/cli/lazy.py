"""Commands loaded on first use: ``achilles --help`` and each command import only what they need.

Importing every command module (and through them SQLAlchemy, the exercise library, the
importers…) cost 1.2 s before any command ran: 1.5 s for ``achilles --help``. The top-level
group therefore knows each command by name, module and one-line help (:data:`COMMANDS`) and
imports a module only when one of its commands runs or shows its own help, in the manner of
click's documented ``LazyGroup``. ``tests/cli/test_lazy_commands.py`` fails when the table and
the modules disagree (a command added, renamed or re-described), and shows the top-level help
is the same with and without loading them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from difflib import get_close_matches

import typer
from typer import _click as click  # Typer's own copy of click: its groups are built from it
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """Where a top-level command lives and what the top-level help says of it."""

    module: str
    help: str


def _in(module: str, text: str) -> LazyCommand:
    return LazyCommand(f"achillescare.cli.{module}", text)


COMMANDS: dict[str, LazyCommand] = {
    "import": _in("importing", "Import activities from watch files and exports."),
    "log-run": _in("importing", "Log one run by hand, e.g. from a treadmill or a watch-free day."),
    "activities": _in(
        "activities",
        "List runs: date, distance and pace in your units, time, climb, uphill, fast minutes, "
        "cadence;\nshow, edit or delete one (activities show, activities edit, activities delete).",
    ),
    "demo": _in(
        "demo",
        "Seed the demo runner (twelve weeks of runs ending in a mileage spike) and show their "
        "runs,\ntheir weekly summary and their training-load signals.",
    ),
    "load": _in(
        "load",
        "Training-load signals: weekly change, single-run spike, ACWR, monotony, rest, hills, "
        "speed.",
    ),
    "watch": _in(
        "watch",
        "Import the runs a watch or phone drops into a folder, as they arrive.",
    ),
    "sync": _in(
        "sync", "Pull the runs that are new on your linked services, and say what was imported."
    ),
    "strava": _in("sync", "Link this runner to Strava without a browser, or unlink."),
    "intervals": _in(
        "intervals",
        "Runs that arrive by themselves from intervals.icu: link your account with its API "
        "key,\nthen sync your runs and wellness days.",
    ),
    "timeline": _in(
        "timeline",
        "Training, tendon and events on one time axis: distance, uphill, fast minutes, strides,\n"
        "morning pain and stiffness per leg, pain during and after runs, VISA-A and OSTRC, red\n"
        "flags, assessments and program changes.",
    ),
    "selftest": _in(
        "selftest",
        "Body self-tests, both legs: knee-to-wall, heel raises (knee straight and bent), "
        "single-leg\nbridge, step-down quality, pain-free hops. Each result is explained against "
        "published norms\nand measurement error, compared with your last one, and due again "
        "after two weeks.",
    ),
    "risk": _in(
        "program",
        "Your risk profile: training load, dorsiflexion, calf endurance, glutes, movement,\n"
        "prevention work and history — each with what was found, why it matters, how strong "
        "the\nevidence is, and the exercises in your program that answer it. Factors are "
        "associated with\nAchilles tendinopathy, not proven causes.",
    ),
    "done": _in(
        "program",
        "Log a session or one exercise as done, with the pain it caused (0–10) and your effort.\n"
        "Pain during exercise drives the program: above 5/10 it steps back, a week within the "
        "rules\nmoves it on (see achilles plan).",
    ),
    "plan": _in(
        "plan",
        "This week's plan: recovery or prevention sessions and runs, with exact dosing in your\n"
        "units. Each time it runs, the program is re-evaluated from your logged pain (achilles "
        "done),\nyour self-tests and today's decision: pain above 5/10 steps back, a week within "
        "the rules\nmoves on, criteria (heel raises, symmetry, hops) open the next phase or "
        "running stage.",
    ),
    "exercises": _in(
        "exercises",
        "The exercise library: what each exercise is for, how to do it, and how much.",
    ),
    "checkin": _in(
        "checkin",
        "Check in: pain during and after your last run, this morning's pain and stiffness, and "
        "the\nyes/no questions that catch red flags — for each painful leg.",
    ),
    "today": _in(
        "decide",
        "Can I run today? The decision for each leg and overall, with reasons and advice.",
    ),
    "decide": _in(
        "decide",
        "The decision as a JSON contract, with no database: for integrations and tests.",
    ),
    "insights": _in(
        "insights",
        "What precedes a bad morning, for you: run features followed by worse next mornings.",
    ),
    "assessment": _in(
        "assessments",
        "Clinical assessments: enter what a clinician found, or list them.",
    ),
    "symptoms": _in(
        "symptoms",
        "Your check-in history: pain during and after runs, mornings, stiffness and the yes "
        "answers,\nwith a morning-pain trend line per leg and your questionnaire scores.",
    ),
    "serve": _in(
        "serve",
        "Start the web app: runners check in from a phone, specialists see all their runners.",
    ),
    "worker": _in(
        "serve",
        "Import the web app's uploads in the background, beside achilles serve on PostgreSQL.",
    ),
    "runner": _in(
        "runners",
        "Runners in this store: add, list, change settings, export or delete their data.",
    ),
    "shoes": _in(
        "shoes",
        "Your shoes: drop, distance run in each and when to replace it; add, edit, retire,\n"
        "delete, and say which shoe a run was in.",
    ),
    "program": _in("program", "Set up and review the recovery or prevention program."),
    "score": _in(
        "scores",
        "Score a questionnaire: VISA-A (0–100, 100 = no symptoms) or OSTRC-O2 (severity 0–100).",
    ),
    "account": _in(
        "accounts",
        "Web accounts: add one (any role, admins included), list them, change or reset a password.",
    ),
}
"""Every top-level command in the order the help lists them; each module's ``register(app)``
adds its commands to a Typer app."""


def load_module(module: str) -> dict[str, click.Command]:
    """The click commands a command module registers, by name."""
    commands = typer.Typer()
    importlib.import_module(module).register(commands)
    group: TyperGroup = typer.main.get_group(commands)
    return dict(group.commands)


class LazyGroup(TyperGroup):
    """The top-level group: lists :data:`COMMANDS` without importing them; loads a command's
    module the first time the command is looked up for running or for its own help."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        known = COMMANDS.get(cmd_name)
        if known is None:
            return None
        if self._listing:  # the group's own help: one line is all it shows
            return TyperCommand(cmd_name, help=known.help)
        for name, command in load_module(known.module).items():
            self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As Typer's, with "Did you mean …?" drawn from every command, loaded or not (Typer
        looks only at the loaded ones)."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError as error:
            if self.suggest_commands and args and "Did you mean" not in error.message:
                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    names = ", ".join(repr(match) for match in matches)
                    error.message = f"{error.message.rstrip('.')}. Did you mean {names}?"
            raise

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def load_all(self) -> None:
        """Import every command now (the tests compare the help before and after)."""
        for name in COMMANDS:
            self.get_command(click.Context(self), name)
