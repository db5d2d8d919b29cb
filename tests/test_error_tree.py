"""Every exception class of AchillesCare lives in ``achillescare/errors.py``, which sits below
every other module: the tree stays in one place for the adapters to map."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import achillescare
from achillescare import errors

SRC = Path(achillescare.__file__).parent
ERRORS_MODULE = SRC / "errors.py"
ALLOWED: dict[str, str] = {}
"""``"path/to/module.py:ClassName"`` → why it may define its own exception (none today)."""


def _base_name(base: ast.expr) -> str | None:
    if isinstance(base, ast.Name):
        return base.id
    if isinstance(base, ast.Attribute):
        return base.attr
    return None


def _is_exception_name(name: str) -> bool:
    builtin = getattr(builtins, name, None)
    if isinstance(builtin, type) and issubclass(builtin, BaseException):
        return True
    return name in errors.__all__ or name.endswith(("Error", "Exception"))


def exception_classes(source: str) -> list[str]:
    """Names of the classes in ``source`` that derive from an exception class by name."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(_is_exception_name(name) for name in map(_base_name, node.bases) if name)
    ]


def test_the_scan_finds_exception_classes_however_they_are_spelled() -> None:
    """A class on a built-in, a tree or a foreign exception is found; a plain class is not."""
    source = (
        "import fastapi\n"
        "class A(ValueError): ...\n"
        "class B(NotFound): ...\n"
        "class C(fastapi.HTTPException): ...\n"
        "class D(KeyboardInterrupt): ...\n"
        "class Plain(object): ...\n"
    )
    assert exception_classes(source) == ["A", "B", "C", "D"]


def test_no_module_outside_errors_py_defines_an_exception() -> None:
    """The tree is defined once; modules raise its classes instead of defining their own."""
    found = [
        f"{path.relative_to(SRC).as_posix()}:{name}"
        for path in sorted(SRC.rglob("*.py"))
        if path != ERRORS_MODULE
        for name in exception_classes(path.read_text(encoding="utf-8"))
    ]
    assert [where for where in found if where not in ALLOWED] == []


def test_errors_py_imports_nothing_from_achillescare() -> None:
    """The bottom layer: the pure domain may import it, so it may import none of the package."""
    tree = ast.parse(ERRORS_MODULE.read_text(encoding="utf-8"))
    imported = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [name for name in imported if name.startswith("achillescare")] == []


def test_every_class_of_the_tree_is_exported_and_shown_in_its_docstring() -> None:
    """``__all__`` and the tree drawn in the module docstring list every class."""
    classes = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.AchillesError)
    }
    assert classes == set(errors.__all__)
    assert all(name in (errors.__doc__ or "") for name in classes)
