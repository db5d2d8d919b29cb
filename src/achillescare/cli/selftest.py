"""``achilles selftest``: guided body self-tests (both legs), their meaning and their history."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, cast

import typer
from rich.table import Table

from achillescare.cli.context import console, fail, state, store_for
from achillescare.domain.activity.cadence import CadenceClue
from achillescare.domain.assessment.selftest_guide import SELF_TESTS
from achillescare.domain.assessment.selftests import (
    STEP_DOWN_FAULTS,
    TEST_IDS,
    Leg,
    SelfTestResult,
    StepDownFault,
    TestId,
    change_between,
    interpret,
    latest,
    result_lsi,
    retests_due,
)
from achillescare.domain.units import Units
from achillescare.services import programs
from achillescare.services.runners import resolve_runner


def _test_id(name: str) -> TestId:
    key = name.strip().lower().replace("-", "_")
    if key not in TEST_IDS:
        raise fail(f"unknown test {name!r}: one of {', '.join(TEST_IDS)}", 2)
    return key


def _faults(text: str | None) -> tuple[StepDownFault, ...]:
    if not text:
        return ()
    out: list[StepDownFault] = []
    for raw in text.split(","):
        key = raw.strip().lower().replace("-", "_")
        if key not in STEP_DOWN_FAULTS:
            raise fail(f"unknown fault {raw!r}: one of {', '.join(STEP_DOWN_FAULTS)}", 2)
        out.append(key)
    return tuple(out)


def _guided(test: TestId, affected: Leg | None, day: date) -> SelfTestResult | None:
    spec = SELF_TESTS[test]
    console.rule(f"[bold]{spec.name}[/] — {spec.measures}")
    for number, step in enumerate(spec.steps, start=1):
        console.print(f"  {number}. {step}")
    if not typer.confirm("Do this test now?", default=True):
        return None
    if test == "step_down_quality":
        faults: dict[str, list[StepDownFault]] = {"left": [], "right": []}
        for leg in ("left", "right"):
            for fault in STEP_DOWN_FAULTS:
                if typer.confirm(f"{leg} leg: {fault.replace('_', ' ')}?", default=False):
                    faults[leg].append(fault)
        return SelfTestResult(test, day, float(len(faults["left"])),
                              float(len(faults["right"])), affected, tuple(faults["left"]),
                              tuple(faults["right"]))  # fmt: skip
    unit = spec.unit
    left = typer.prompt(f"Left leg ({unit})", type=float)
    right = typer.prompt(f"Right leg ({unit})", type=float)
    return SelfTestResult(test, day, left, right, affected)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _report(result: SelfTestResult, previous: SelfTestResult | None, sex: str | None) -> None:
    finding = interpret(result, sex)
    index = result_lsi(result)
    spec = SELF_TESTS[result.test]
    console.print(
        f"[bold]{spec.name}[/] {result.tested_on}: left {_num(result.left)}, "
        f"right {_num(result.right)} "
        f"{spec.unit}" + (f", symmetry {index:.0f} %" if index is not None else "")
    )
    for message in finding.messages or ("No flag: within the norms we use.",):
        console.print(f"  {message}")
    if previous is not None:
        for change in change_between(previous, result):
            label = "beyond test noise" if change.beyond_noise else "within test noise"
            console.print(f"  {change.leg}: {change.before:g} → {change.after:g} ({label})")


def selftest_command(
    ctx: typer.Context,
    test: Annotated[str | None, typer.Argument(help="Test id; omit for the guided series.")] = None,
    left: Annotated[float | None, typer.Option("--left", help="Left leg result.")] = None,
    right: Annotated[float | None, typer.Option("--right", help="Right leg result.")] = None,
    leg: Annotated[str | None, typer.Option("--leg", help="Painful leg: left or right.")] = None,
    faults_left: Annotated[
        str | None, typer.Option("--faults-left", help="Step-down faults, e.g. knee_in,pelvis_drop")
    ] = None,
    faults_right: Annotated[str | None, typer.Option("--faults-right")] = None,
    on: Annotated[
        datetime | None,
        typer.Option("--on", formats=["%Y-%m-%d"], help="Test date (default today)."),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show past results and retests due.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Body self-tests, both legs: knee-to-wall, heel raises (knee straight and bent), single-leg
    bridge, step-down quality, pain-free hops. Each result is explained against published norms
    and measurement error, compared with your last one, and due again after two weeks.

    Tests: knee_to_wall (cm), heel_raise_straight, heel_raise_bent, single_leg_bridge (reps),
    step_down_quality (faults: knee_in, pelvis_drop, trunk_lean, loss_of_balance),
    pain_free_hops (0–10).

    Examples:
      achilles selftest                      (guided, every test)
      achilles selftest heel_raise_straight --left 18 --right 26 --leg left
      achilles selftest step_down_quality --faults-left knee_in,pelvis_drop
      achilles selftest --history --json
    """
    if leg not in (None, "left", "right"):
        raise fail("--leg is left or right", 2)
    affected = cast(Leg | None, leg)
    with store_for(ctx) as store:
        runner = resolve_runner(store, state(ctx).runner)
        day = on.date() if on else programs.runner_today(runner)
        past = programs.self_tests(store, runner)
        if history:
            _history(past, day, as_json, programs.cadence(store, runner, day), runner.units)
            return
        tests = [_test_id(test)] if test else list(TEST_IDS)
        given = left is not None or right is not None or faults_left or faults_right
        if not (test and given) and affected is None:
            answer = typer.prompt("Which leg hurts? left, right or none", default="none")
            affected = answer if answer in ("left", "right") else None
        results: list[SelfTestResult] = []
        for test_id in tests:
            if test and given:
                fl, fr = _faults(faults_left), _faults(faults_right)
                if test_id == "step_down_quality":
                    left, right = float(len(fl)), float(len(fr))
                result: SelfTestResult | None = SelfTestResult(
                    test_id, day, left, right, affected, fl, fr
                )
            else:
                result = _guided(test_id, affected, day)
            if result is None:
                continue
            previous = latest(past, test_id, result.tested_on)
            stored = programs.record_self_test(store, runner, result)
            results.append(stored)
            if not as_json:
                _report(stored, previous, runner.sex)
    if as_json:
        typer.echo(json.dumps([_result_json(r, runner.sex) for r in results], indent=1))


def _result_json(result: SelfTestResult, sex: str | None = None) -> dict[str, object]:
    finding = interpret(result, sex)
    return {
        "id": result.id, "test": result.test, "date": result.tested_on.isoformat(),
        "left": result.left, "right": result.right, "affected": result.affected,
        "left_faults": list(result.left_faults), "right_faults": list(result.right_faults),
        "lsi_pct": finding.lsi_pct, "flags": list(finding.flags),
        "messages": list(finding.messages), "rule_ids": list(finding.rule_ids),
    }  # fmt: skip


def _history(
    past: list[SelfTestResult], day: date, as_json: bool, clue: CadenceClue | None, units: Units
) -> None:
    due = retests_due(past, day)
    if as_json:
        cadence = None if clue is None else {
            "runs": clue.runs, "mean_spm": round(clue.mean_spm, 1),
            "easy_spm": round(clue.easy_spm, 1), "spm_per_m_s": clue.spm_per_m_s,
            "target_spm": [round(v) for v in clue.target_spm], "text": clue.describe(units),
        }  # fmt: skip
        typer.echo(json.dumps({
            "results": [_result_json(r) for r in past],
            "retests_due": [{"test": r.test, "due_on": r.due_on.isoformat()} for r in due],
            "cadence": cadence,
        }, indent=1))  # fmt: skip
        return
    table = Table(title="Self-test history", title_justify="left", box=None)
    for column in ("date", "test", "left", "right", "LSI", "flags"):
        table.add_column(column)
    for result in past:
        finding = interpret(result)
        index = f"{finding.lsi_pct:.0f} %" if finding.lsi_pct is not None else "–"
        table.add_row(result.tested_on.isoformat(), result.test, _num(result.left),
                      _num(result.right), index, ", ".join(finding.flags))  # fmt: skip
    console.print(table)
    for reminder in due:
        when = reminder.last_tested_on.isoformat() if reminder.last_tested_on else "never"
        console.print(f"retest due: {reminder.test} (last {when})")
    console.print(clue.describe(units) if clue else "Cadence: fewer than 3 runs with cadence.")


def register(app: typer.Typer) -> None:
    """Add ``achilles selftest``."""
    app.command("selftest")(selftest_command)
