"""The exercise library as shipped package data: cards (TOML) and their illustrations (SVG).

This is an adapter: it reads files with :mod:`importlib.resources` and hands the validated
:class:`~achillescare.domain.program.exercises.Exercise` records to the domain, which never reads files.
A malformed card is refused with the file and the field named, so a typo in the data cannot
reach a runner's plan.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from achillescare.domain.program.exercises import Exercise

__all__ = ["LibraryError", "illustration_svg", "load_exercises", "parse_exercise"]

_DATA = "achillescare.data"


class LibraryError(ValueError):
    """A card or illustration of the library is missing or malformed; the message names the file."""


def parse_exercise(text: str, source: str) -> Exercise:
    """Validate one card's TOML text; ``source`` (a file name) is used in error messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LibraryError(f"{source}: not valid TOML: {error}") from None
    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"field '{'.'.join(str(part) for part in issue['loc']) or '(card)'}': {issue['msg']}"
            for issue in error.errors()
        )
        raise LibraryError(f"{source}: {problems}") from None
    expected = Path(source).stem
    if exercise.id != expected:
        raise LibraryError(
            f"{source}: field 'id' is '{exercise.id}' but the file is {expected}.toml"
        )
    return exercise


def _cards(folder: Traversable | Path) -> list[Traversable | Path]:
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )


def load_exercises(folder: Path | None = None) -> dict[str, Exercise]:
    """Every card of the library by id, validated (the shipped data unless ``folder`` is given).

    Raises :class:`LibraryError` naming the file and field of the first malformed card.
    """
    if folder is None:
        return dict(_load_packaged())
    return _load_from(folder)


@cache
def _load_packaged() -> tuple[tuple[str, Exercise], ...]:
    return tuple(_load_from(resources.files(_DATA).joinpath("exercises")).items())


def _load_from(folder: Traversable | Path) -> dict[str, Exercise]:
    exercises: dict[str, Exercise] = {}
    for card in _cards(folder):
        exercise = parse_exercise(card.read_text(encoding="utf-8"), card.name)
        exercises[exercise.id] = exercise
    for exercise in exercises.values():
        home = exercise.home_alternative
        if home is not None and (home == exercise.id or home not in exercises):
            raise LibraryError(
                f"{exercise.id}.toml: home_alternative {home!r} is not another card of the library"
            )
    return exercises


def illustration_svg(exercise_id: str) -> str:
    """The SVG drawing of an exercise (made by ``scripts/draw_illustrations.py``)."""
    if not exercise_id.replace("_", "").isalnum():
        raise LibraryError(f"'{exercise_id}' is not an exercise id")
    drawing = resources.files(_DATA).joinpath("illustrations", f"{exercise_id}.svg")
    if not drawing.is_file():
        raise LibraryError(f"no illustration {exercise_id}.svg in the library")
    return drawing.read_text(encoding="utf-8")
