"""``achilles exercises``: the exercise library as a table, a full card, or JSON."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from achillescare.cli.context import console
from achillescare.domain.evidence.rules import SOURCES
from achillescare.domain.program.exercises import CATEGORIES, Exercise
from achillescare.errors import InvalidInput, NotFound
from achillescare.library import illustration_svg, load_exercises


def exercise_summary(exercise: Exercise) -> dict[str, Any]:
    """The list entry of ``--json``: enough to choose an exercise and know its dose."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "category": exercise.category,
        "purpose": exercise.purpose,
        "target_tissue": exercise.target_tissue,
        "dosing": exercise.dosing.model_dump(mode="json"),
        "dosing_summary": exercise.dosing.summary(),
        "phase": list(exercise.phase),
        "illustration": exercise.illustration,
    }


def exercise_card(exercise: Exercise) -> dict[str, Any]:
    """The whole card as JSON, with each source's citation spelled out."""
    card = exercise.model_dump(mode="json")
    card["dosing_summary"] = exercise.dosing.summary()
    card["citations"] = [SOURCES[key].cite for key in exercise.sources]
    return card


def _print_card(exercise: Exercise) -> None:
    dosing = exercise.dosing
    out = console.print
    out(f"[bold]{escape(exercise.name)}[/]  ({exercise.id}, {exercise.category})")
    out(escape(exercise.purpose))
    out(f"[bold]Works:[/] {escape(exercise.target_tissue)}")
    if exercise.equipment:
        out(f"[bold]You need:[/] {escape(', '.join(exercise.equipment))}")
    out("\n[bold]How to do it[/]")
    for number, instruction in enumerate(exercise.steps, start=1):
        out(f"  {number}. {escape(instruction)}")
    out("\n[bold]Common mistakes[/]")
    for mistake in exercise.common_mistakes:
        out(f"  - {escape(mistake)}")
    out("\n[bold]Dosing[/]")
    out(f"  {escape(dosing.summary())}")
    out(f"  Tempo: {escape(dosing.tempo)}. Load: {escape(dosing.load)}.")
    out(f"  Pain allowed during it: up to {exercise.pain_limit_nrs}/10 (pain-monitoring model).")
    if dosing.notes:
        out(f"  {escape(dosing.notes)}")
    for step in exercise.schedule:
        weeks = (
            f"week {step.weeks_from}"
            if step.weeks_from == step.weeks_to
            else f"weeks {step.weeks_from}–{step.weeks_to}"
        )
        out(f"  {weeks}: {step.sets} × {step.reps} at {escape(step.load)}")
    out(f"\n[bold]Progress:[/] {escape(exercise.progression)}")
    out(f"[bold]Make it easier:[/] {escape(exercise.regression)}")
    out("\n[bold red]When not to do it[/]")
    for reason in exercise.contraindications:
        out(f"  - {escape(reason)}")
    if exercise.evidence_note:
        out(f"\n[bold]Evidence:[/] {escape(exercise.evidence_note)}")
    out("[bold]Sources:[/] " + escape("; ".join(SOURCES[key].cite for key in exercise.sources)))
    out(f"[dim]Phases: {', '.join(exercise.phase)}. Picture: {exercise.illustration}[/]")


def exercises_command(
    exercise_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this exercise's full card.")
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", "-c", help=f"Only this category: {', '.join(CATEGORIES)}.", metavar="C"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    as_svg: Annotated[
        bool, typer.Option("--svg", help="With an ID: print the exercise's drawing (SVG).")
    ] = False,
) -> None:
    """The exercise library: what each exercise is for, how to do it, and how much.

    Without an ID, a table of every exercise (or one category); with an ID, the full card: steps,
    common mistakes, dosing, progression and regression, when not to do it, and sources.

    Examples:
      achilles exercises --category tendon_loading
      achilles exercises eccentric_heel_drop_bent
      achilles exercises --json > library.json
      achilles exercises box_jump --svg > box_jump.svg
    """
    if as_svg and (exercise_id is None or as_json):
        raise InvalidInput("--svg needs an exercise ID and no --json")
    if category is not None and category not in CATEGORIES:
        raise InvalidInput(f"unknown category '{category}'; choose from {', '.join(CATEGORIES)}")
    library = load_exercises()
    if exercise_id is not None:
        if exercise_id not in library:
            raise NotFound(f"no exercise '{exercise_id}'; 'achilles exercises' lists the ids")
        exercise = library[exercise_id]
        if as_svg:
            typer.echo(illustration_svg(exercise.id), nl=False)
        elif as_json:
            typer.echo(json.dumps(exercise_card(exercise), indent=1, ensure_ascii=False))
        else:
            _print_card(exercise)
        return
    chosen = [e for e in library.values() if category is None or e.category == category]
    chosen.sort(key=lambda e: (CATEGORIES.index(e.category), e.id))
    if as_json:
        records = [exercise_summary(e) for e in chosen]
        typer.echo(json.dumps(records, indent=1, ensure_ascii=False))
        return
    table = Table(title=f"{len(chosen)} exercises", title_justify="left")
    for column in ("id", "category", "name", "dosing"):
        table.add_column(column)
    for exercise in chosen:
        table.add_row(
            exercise.id,
            exercise.category,
            escape(exercise.name),
            escape(exercise.dosing.summary()),
        )
    console.print(table)
    console.print("Full card: achilles exercises ID", style="dim")


def register(app: typer.Typer) -> None:
    app.command("exercises")(exercises_command)
