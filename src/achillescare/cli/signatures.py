"""Options shared by several commands, declared once and added to each command's signature.

Typer builds a command's options from its function's signature, so two commands that take the
same options (``shoes add`` and ``shoes edit``; ``runner add`` and ``runner set``; one option per
check-in field) would repeat the same parameter list. :func:`with_options` adds keyword-only
parameters to the signature Typer reads instead; their values reach the command's ``**options``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

Command = Callable[..., None]


def keyword_option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    """One option as a keyword-only parameter: ``annotation`` is an ``Annotated[type,
    typer.Option(...)]``."""
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def with_options(
    options: Mapping[str, Any] | Callable[[], list[inspect.Parameter]],
    defaults: Mapping[str, Any] | None = None,
) -> Callable[[Command], Command]:
    """A decorator adding ``options`` (name → ``Annotated`` type, default ``None`` unless
    ``defaults`` names another; or a function returning the parameters) after the command's own
    parameters, before Typer reads them."""

    def decorate(command: Command) -> Command:
        own = inspect.signature(command, eval_str=True)
        fixed = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
        extra = (
            options()
            if callable(options)
            else [
                keyword_option(name, annotation, (defaults or {}).get(name))
                for name, annotation in options.items()
            ]
        )
        signature = own.replace(parameters=[*fixed, *extra])

        @functools.wraps(command)
        def with_extra_options(**values: Any) -> None:
            command(**values)

        with_extra_options.__signature__ = signature  # type: ignore[attr-defined]
        with_extra_options.__annotations__ = {
            p.name: p.annotation for p in signature.parameters.values()
        }
        return with_extra_options

    return decorate
