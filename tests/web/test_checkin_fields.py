"""Every check-in field declared in ``checkin_fields.FIELDS`` reaches every place a check-in goes:
the web form and the API, the CLI's options and prompts, the ``decide --json`` contract and the
table. Adding a field is one declaration (a typed attribute of ``CheckIn`` whose default is its
spec) plus a migration: these tests name whatever a new field is missing, and the last one adds a
field for real, to a copy of the package, and runs them over it."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Boolean, Float, Integer, String, Text, inspect
from sqlalchemy.types import TypeEngine
from typer.testing import CliRunner

import achillescare
from achillescare.cli.checkin import OPTIONS
from achillescare.cli.main import app
from achillescare.domain.assessment.checkin_fields import FIELDS, FieldSpec
from achillescare.domain.assessment.symptoms import CheckIn, checkin_from_dict
from achillescare.services.checkins import list_checkins
from achillescare.services.runners import list_runners
from achillescare.storage.db import Store, migration_heads
from achillescare.storage.models.symptoms import CheckInRow
from achillescare.web.view_models.checkin import CheckInIn
from tests.web.conftest import SignIn, runner_id

TODAY = date.today()


def sample(spec: FieldSpec) -> object:
    """A valid answer to the field that is neither blank nor the default "no"."""
    if spec.kind == "yes_no":
        return True
    if spec.kind == "choice":
        return spec.values[-1]
    if spec.kind == "hours":
        return 7.5
    if spec.kind == "text":
        return "after a hilly run"
    return int(spec.high or 0) - 1


SAMPLES: dict[str, object] = {spec.name: sample(spec) for spec in FIELDS}


def as_form_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def stored(store: Store, name: str) -> CheckIn:
    runner = next(r for r in list_runners(store) if r.name == name)
    return list_checkins(store, runner)[-1]


def answered(checkin: CheckIn) -> dict[str, object]:
    return {spec.name: getattr(checkin, spec.name) for spec in FIELDS}


def achilles(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


class TestTheDomain:
    def test_the_check_in_record_holds_exactly_the_declared_fields(self) -> None:
        """The typed record has one attribute per spec, besides its key (date and side)."""
        assert {f.name for f in fields(CheckIn)} == {"date", "side"} | set(SAMPLES)

    def test_every_field_round_trips_through_the_json_contract(self) -> None:
        """A check-in object with every field answered comes back unchanged from validation."""
        data = {"date": TODAY.isoformat(), "side": "left"} | SAMPLES
        assert checkin_from_dict(data, TODAY).to_dict() == data


class TestTheWeb:
    def test_the_form_asks_every_field_and_stores_each_answer(
        self, sign_in: SignIn, clinic_store: Store
    ) -> None:
        """The check-in page has an input for every field, with its question, and what the form
        posts is what is stored."""
        client = sign_in("steady")
        form = html.unescape(client.get("/checkin").text)
        missing = [s.name for s in FIELDS if f'name="{s.name}"' not in form]
        assert missing == []
        unworded = [s.name for s in FIELDS if s.question[1:] not in form]
        assert unworded == []
        data = {"side": "left"} | {name: as_form_text(v) for name, v in SAMPLES.items()}
        page = client.post("/checkin", data=data)
        assert page.status_code == 200, page.text
        assert answered(stored(clinic_store, "Sofia Steady")) == SAMPLES

    def test_the_api_takes_every_field(self, sign_in: SignIn, clinic_store: Store) -> None:
        """The API's body documents every field, and a check-in posted as JSON is stored whole."""
        assert set(CheckInIn.model_json_schema()["properties"]) == {"date", "side"} | set(SAMPLES)
        client: TestClient = sign_in("steady")
        url = f"/api/v1/runners/{runner_id(client)}/checkins"
        response = client.post(url, json={"side": "right"} | SAMPLES)
        assert response.status_code == 200, response.text
        assert answered(stored(clinic_store, "Sofia Steady")) == SAMPLES


class TestTheCli:
    def test_every_field_has_an_option_or_is_a_yes_no_item_in_the_help(self) -> None:
        """``checkin --help`` names an option for each field, or lists it among the ``--yes``
        items."""
        code, out, _ = achilles("checkin", "--help")
        assert code == 0
        missing = [
            s.name
            for s in FIELDS
            if not (s.name in out if s.item else s.name in OPTIONS and OPTIONS[s.name] in out)
        ]
        assert missing == []

    def test_every_field_given_as_options_is_stored(self, tmp_path: Path) -> None:
        """Each option (and ``--yes`` item) reaches the stored check-in with its value."""
        db = f"{tmp_path}/a.db"
        assert achilles("--db", db, "runner", "add", "Ana")[0] == 0
        args = ["--db", db, "checkin", "--side", "left"]
        for spec in FIELDS:
            value = SAMPLES[spec.name]
            if spec.item:
                args += ["--yes", spec.name]
            elif spec.kind == "yes_no":
                args.append(OPTIONS[spec.name] if value else f"--no-{OPTIONS[spec.name][2:]}")
            else:
                args += [OPTIONS[spec.name], str(value)]
        code, _, err = achilles(*args)
        assert code == 0, err
        code, out, _ = achilles("--db", db, "symptoms", "--json")
        [saved] = json.loads(out)["checkins"]
        assert {name: saved[name] for name in SAMPLES} == SAMPLES

    def test_decide_json_accepts_every_field(self) -> None:
        """The ``decide --json`` contract takes a check-in with every field answered."""
        checkin = {"date": TODAY.isoformat(), "side": "left"} | SAMPLES
        request = {"as_of": TODAY.isoformat(), "checkins": [checkin]}
        code, out, err = achilles("decide", "--json", stdin=json.dumps(request))
        assert code == 0, err
        assert json.loads(out)["sides"]["left"] is not None


COLUMN_TYPES: dict[str, type[TypeEngine[Any]]] = {
    "scale": Integer,
    "minutes": Integer,
    "yes_no": Boolean,
    "choice": String,
    "hours": Float,
    "text": Text,
}
"""The column type each kind of field is stored in."""


class TestTheTable:
    def test_every_field_has_a_column_of_its_kind(self) -> None:
        columns = CheckInRow.__table__.columns
        wrong = [
            s.name
            for s in FIELDS
            if s.name not in columns or not isinstance(columns[s.name].type, COLUMN_TYPES[s.kind])
        ]
        assert wrong == []

    def test_the_migrations_create_every_column(self, store: Store) -> None:
        """A field added without its migration is caught on a freshly migrated store."""
        created = {c["name"] for c in inspect(store.engine).get_columns("checkins")}
        assert set(SAMPLES) - created == set()


NEW_FIELD = (
    "    standing_hours: float | None = answer(FieldSpec(\n"
    '        "hours", "context", "Hours on your feet at work", "time on feet", unit="h", low=0,\n'
    "        high=16, per_side=False,\n"
    "    ))\n"
)
NEW_MIGRATION = '''"""checkins.standing_hours"""

import sqlalchemy as sa
from alembic import op

revision = "9999_standing_hours"
down_revision = {heads!r}


def upgrade() -> None:
    op.add_column("checkins", sa.Column("standing_hours", sa.Float(), nullable=True))
'''


class TestAddingAField:
    def test_one_declaration_and_a_migration_reach_every_place(self, tmp_path: Path) -> None:
        """A copy of the package with one more attribute declared on ``CheckIn`` and one
        migration file, nothing else: every test above, run over that copy, passes with the new
        field in the web form, the API, the CLI's options, ``decide --json`` and the table."""
        copy = tmp_path / "src" / "achillescare"
        shutil.copytree(
            Path(achillescare.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__")
        )
        declared = copy / "domain" / "assessment" / "checkin_fields.py"
        source = declared.read_text(encoding="utf-8")
        anchor = "    notes: str | None = answer("
        assert anchor in source
        declared.write_text(source.replace(anchor, NEW_FIELD + anchor, 1), encoding="utf-8")
        heads = tuple(sorted(migration_heads()))
        versions = copy / "storage" / "migrations" / "versions"
        (versions / "9999_standing_hours.py").write_text(NEW_MIGRATION.format(heads=heads))
        repository = Path(__file__).resolve().parents[2]
        env = os.environ | {"PYTHONPATH": f"{tmp_path / 'src'}{os.pathsep}{repository}"}
        probe = "from achillescare.domain.assessment.checkin_fields import SPECS; print(SPECS['standing_hours'].label)"
        run = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        assert run.stdout.strip() == "time on feet", run.stderr
        tests = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
            "--no-cov", __file__, "-k", "not TestAddingAField",
        ]  # fmt: skip
        run = subprocess.run(
            tests, env=env, cwd=repository, capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stdout[-3000:]
        assert " passed" in run.stdout
        assert "failed" not in run.stdout
