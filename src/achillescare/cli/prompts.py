"""Validated prompts for the interactive commands: a bad answer is explained and asked again."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from achillescare.domain.assessment.checkin_fields import FieldSpec, check_answer, parse_answer


def ask_int(text: str, low: int, high: int | None = None, default: int | None = None) -> int:
    """A whole number in ``low … high`` (no upper bound when ``high`` is None)."""

    def parse(raw: object) -> int:
        value = str(raw).strip()
        if not value.lstrip("-").isdecimal():
            raise typer.BadParameter(f"{value!r} is not a whole number")
        number = int(value)
        if number < low or (high is not None and number > high):
            bound = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise typer.BadParameter(f"{number} is out of range: answer {bound}")
        return number

    result: int = typer.prompt(text, default=default, value_proc=parse)
    return result


def ask_choice(text: str, choices: Sequence[str], default: str | None = None) -> str:
    """One of ``choices`` (case-insensitive), listed in the prompt."""

    def parse(raw: object) -> str:
        value = str(raw).strip()
        for choice in choices:
            if choice.lower() == value.lower():
                return choice
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")

    result: str = typer.prompt(f"{text} ({'/'.join(choices)})", default=default, value_proc=parse)
    return result


def ask_optional(spec: FieldSpec) -> object:
    """An optional check-in answer: blank skips it; an answer its spec refuses is explained and
    asked again."""

    def parse(raw: object) -> object:
        try:
            return check_answer(spec, parse_answer(spec, str(raw)))
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None

    unit = f", {spec.unit}" if spec.kind == "scale" else ""
    text = f"{spec.question}{unit} (blank to skip)"
    return typer.prompt(text, default="", show_default=False, value_proc=parse)
