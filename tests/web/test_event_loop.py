"""Store work never runs on the event loop.

The rule: **route handlers are plain ``def``.** Starlette runs a plain handler (and a plain
dependency) in its thread pool, so the blocking work handlers do — SQLite or PostgreSQL calls
through the services, Argon2 hashing, PDF rendering — never stalls the one event loop that serves
every other request. The only ``async def`` code in ``web/pages`` and ``web/api`` reads the
request body (``await request.form()``, :mod:`achillescare.web.pages.forms`) and calls nothing
else; handlers receive what it read as a dependency.

One rule rather than "``async def`` allowed if every service call is wrapped in
``run_in_threadpool``": that variant has to know which calls block (a helper in the same module
that reaches the store, a ``render`` that looks the user up, ...), and an unwrapped one is
invisible in review. A plain ``def`` cannot get it wrong.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

import achillescare.web
from achillescare.web.pages import forms
from tests.web.conftest import SignIn, runner_id

WEB = Path(achillescare.web.__file__).parent
ROUTE_MODULES = sorted([*(WEB / "pages").glob("*.py"), *(WEB / "api").glob("*.py")])
VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route"}


def _is_route(decorator: ast.expr) -> bool:
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(func, ast.Attribute) and func.attr in VERBS


def _routers() -> list[ModuleType]:
    names = [f"achillescare.web.{p.parent.name}.{p.stem}" for p in ROUTE_MODULES]
    modules = [importlib.import_module(name) for name in names]
    return [module for module in modules if isinstance(getattr(module, "router", None), APIRouter)]


ROUTERS = _routers()


def _async_functions() -> Iterator[tuple[str, ast.AsyncFunctionDef]]:
    for path in ROUTE_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.AsyncFunctionDef):
                yield f"{path.parent.name}/{path.name}:{node.lineno} {node.name}", node


def _unawaited_calls(node: ast.AsyncFunctionDef) -> list[str]:
    """The calls in the body of ``node`` other than ``await request.<method>()``."""
    inside = [n for statement in node.body for n in ast.walk(statement)]
    awaited = {id(n.value) for n in inside if isinstance(n, ast.Await)}
    return [
        ast.unparse(call)
        for call in inside
        if isinstance(call, ast.Call) and not _awaited_request_read(call, awaited)
    ]


def _awaited_request_read(call: ast.Call, awaited: set[int]) -> bool:
    """``await request.<method>()``: the request body, read without blocking."""
    func = call.func
    return (
        id(call) in awaited
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "request"
    )


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


class TestRouteHandlers:
    def test_the_scan_sees_the_route_modules(self) -> None:
        """The source scan covers pages and API (a moved folder would make it vacuous)."""
        names = {f"{path.parent.name}/{path.name}" for path in ROUTE_MODULES}
        assert {"pages/runner.py", "pages/forms.py", "api/runners.py"} <= names

    def test_no_route_handler_is_async(self) -> None:
        """Every function decorated as a route in web/pages and web/api is a plain def."""
        offenders = [
            where
            for where, node in _async_functions()
            if any(_is_route(decorator) for decorator in node.decorator_list)
        ]
        assert offenders == []

    def test_async_code_only_awaits_the_request(self) -> None:
        """An async def there makes no call but ``await request.<read>()``."""
        offenders = [
            f"{where}: {call}"
            for where, node in _async_functions()
            for call in _unawaited_calls(node)
        ]
        assert offenders == []

    def test_a_store_call_in_an_async_handler_is_caught(self) -> None:
        """The scan flags the pattern it exists for (a service call in an async handler)."""
        source = (
            "@router.post('/x')\n"
            "async def handler(request):\n"
            "    form = await request.form()\n"
            "    return accounts.own_runner(store_of(request), form)\n"
        )
        node = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.AsyncFunctionDef))
        assert _unawaited_calls(node) == [
            "accounts.own_runner(store_of(request), form)",
            "store_of(request)",
        ]
        assert any(_is_route(decorator) for decorator in node.decorator_list)


class TestTheRunningApp:
    def test_every_endpoint_and_dependency_runs_in_the_thread_pool(self) -> None:
        """In the routers the app includes, only the form reader is a coroutine; handlers and
        every other dependency (the signed-in user lookup included) run in the thread pool."""
        routes = [
            route
            for module in ROUTERS
            for route in module.router.routes
            if isinstance(route, APIRoute)
        ]
        assert len(routes) > 50
        async_endpoints = [r.path for r in routes if inspect.iscoroutinefunction(r.endpoint)]
        async_dependencies = {
            dependency.call
            for route in routes
            for dependency in _dependencies(route.dependant)
            if inspect.iscoroutinefunction(dependency.call)
        }
        assert async_endpoints == []
        assert async_dependencies == {forms.posted_form}

    def test_a_form_read_by_the_dependency_reaches_the_handler(self, sign_in: SignIn) -> None:
        """A self-test posted from the page is stored with its repeated fields (the step-down
        faults arrive through :data:`forms.PostedForm` as one multi-valued field)."""
        client = sign_in("steady")
        response = client.post(
            "/selftests",
            data={
                "test": "step_down_quality",
                "right_faults": ["knee_in", "pelvis_drop"],
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        results = client.get(f"/api/v1/runners/{runner_id(client)}/selftests").json()["results"]
        newest = results[0]  # step-down quality counts the faults seen on each side
        assert (newest["test"], newest["left"], newest["right"]) == ("step_down_quality", 0, 2)

    def test_a_refused_form_is_shown_again(self, sign_in: SignIn) -> None:
        """A refused answer comes back as the page, 422, naming the field."""
        response = sign_in("steady").post(
            "/selftests", data={"test": "knee_to_wall", "left": "many"}
        )
        assert response.status_code == 422
        assert "left" in response.text
