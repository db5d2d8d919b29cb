"""The researchers' API (:mod:`achillescare.api`) exports exactly what ``__all__`` lists, each
name documented (after httpx's ``tests/test_exported_members.py``)."""

from __future__ import annotations

import inspect

import pytest

from achillescare import api


def test_all_imports_are_exported() -> None:
    """Every public name of the module is in ``__all__``, and ``__all__`` has no name twice."""
    public = {name for name in vars(api) if not name.startswith("_")}
    assert sorted(public) == sorted(api.__all__)
    assert len(set(api.__all__)) == len(api.__all__)


@pytest.mark.parametrize("name", api.__all__)
def test_every_exported_name_exists_and_says_what_it_is(name: str) -> None:
    """Each name resolves and carries its own docstring (not a dataclass's generated one)."""
    member = getattr(api, name)
    doc = inspect.getdoc(member)
    assert doc, f"{name} has no docstring"
    assert not doc.startswith(f"{getattr(member, '__name__', name)}("), f"{name}: generated doc"
