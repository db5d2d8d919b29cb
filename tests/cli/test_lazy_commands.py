"""Commands load on first use (cli/lazy.py): the table of commands must match the modules, the
top-level help must not change, and ``--help`` must not import the store or the services."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from typer import Context
from typer.main import get_command
from typer.testing import CliRunner

from achillescare.cli.lazy import COMMANDS, LazyGroup, load_module
from achillescare.cli.main import app


def test_the_table_names_every_command_of_every_module_with_its_help() -> None:
    by_module: dict[str, set[str]] = defaultdict(set)
    for name, known in COMMANDS.items():
        by_module[known.module].add(name)
    for module, names in by_module.items():
        commands = load_module(module)
        assert set(commands) == names, module
        for name, command in commands.items():
            shown = (command.short_help or command.help or "").split("\n\n")[0].strip()
            assert shown == COMMANDS[name].help, name


def test_the_top_level_help_is_the_same_whether_commands_are_loaded_or_not(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    group = get_command(app)
    assert isinstance(group, LazyGroup)
    context = Context(group, info_name="achilles")
    group.get_help(context)
    lazily = capsys.readouterr().out
    assert group.commands == {}  # listing loaded nothing
    group.load_all()
    assert set(group.commands) == set(COMMANDS)
    group.get_help(context)
    assert capsys.readouterr().out == lazily
    assert "Can I run today?" in lazily


def test_help_imports_neither_the_store_nor_the_services() -> None:
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from achillescare.cli.main import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m == 'sqlalchemy' or m.startswith("
        "'achillescare.services.') and m != 'achillescare.errors'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_command_still_runs_with_the_global_options(tmp_path: Path) -> None:
    """``--db`` (the root's option) reaches a lazily loaded command."""
    db = f"{tmp_path}/a.db"
    result = CliRunner().invoke(app, ["--db", db, "runner", "add", "Ana"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(app, ["--db", db, "runner", "list"])
    assert "Ana" in listed.output
    unknown = CliRunner().invoke(app, ["--db", db, "no-such-command"])
    assert unknown.exit_code == 2
    assert "No such command" in unknown.output


def test_a_typo_is_answered_with_the_command_meant() -> None:
    """Typer suggests only among loaded commands; the lazy group suggests among all of them."""
    typo = CliRunner().invoke(app, ["chekin"], env={"COLUMNS": "120"})
    assert typo.exit_code == 2
    assert "Did you mean 'checkin'?" in typo.output
