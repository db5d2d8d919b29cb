"""Runners: create, find, change and remove — and export or delete everything of one runner."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from achillescare.domain.activity.plausibility import implausible_fast_speed
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units
from achillescare.errors import Conflict, InvalidInput, NotFound
from achillescare.services.caches import forget_runner
from achillescare.storage.db import Store
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import web as web_repo

DEFAULT_RUNNER_NAME = "me"
_SEXES = ("female", "male", "other")


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    """Check profile fields and return them in stored form; InvalidInput names the bad one."""
    out = {key: value for key, value in fields.items() if value is not None}
    if "name" in out:
        name = str(out["name"]).strip()
        if not name or len(name) > 120 or not re.fullmatch(r"[^\x00-\x1f]+", name):
            raise InvalidInput("a runner's name must be 1–120 printable characters")
        out["name"] = name
    if "units" in out:
        try:
            out["units"] = Units(str(out["units"]).lower()).value
        except ValueError:
            raise InvalidInput(f"units must be km or mi, not {out['units']!r}") from None
    if "birth_year" in out:
        year = int(out["birth_year"])
        if not 1900 <= year <= datetime.now(UTC).year:
            raise InvalidInput(f"birth year {year} is not plausible")
    if "sex" in out and out["sex"] not in _SEXES:
        raise InvalidInput(f"sex must be one of {', '.join(_SEXES)}")
    for key in ("weekly_volume_m", "fast_speed_m_s"):
        if key in out and not 0 < float(out[key]) < 1e7:
            raise InvalidInput(f"{key} must be a positive number")
    if "fast_speed_m_s" in out:
        implausible = implausible_fast_speed(float(out["fast_speed_m_s"]))
        if implausible is not None:
            raise InvalidInput(implausible)
    return out


def runner_today(runner: Runner, now: datetime | None = None) -> date:
    """Today where the runner lives (their timezone when set, else this machine's); ``now``
    for a caller that is handed the time (a sync), else the clock's."""
    now = now or datetime.now(UTC)
    if runner.timezone:
        try:
            return now.astimezone(ZoneInfo(runner.timezone)).date()
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return now.astimezone().date()


def create_runner(store: Store, name: str, **profile: Any) -> Runner:
    """Add a runner; names are unique in a store (case-insensitive)."""
    fields = _validated({"name": name, **profile})
    with store.session() as session:
        if runners_repo.find_by_name(session, fields["name"]):
            raise Conflict(f"a runner named {fields['name']!r} already exists")
        try:
            return runners_repo.add(session, **fields)
        except IntegrityError:
            raise Conflict(f"a runner named {fields['name']!r} already exists") from None


def list_runners(store: Store) -> list[Runner]:
    with store.session() as session:
        return runners_repo.list_runners(session)


def resolve_runner(store: Store, name: str | None) -> Runner:
    """The runner named, or the only runner when no name is given."""
    with store.session() as session:
        if name is not None:
            runner = runners_repo.find_by_name(session, name)
            if runner is None:
                known = ", ".join(r.name for r in runners_repo.list_runners(session)) or "none yet"
                raise NotFound(f"no runner named {name!r} (runners: {known})")
            return runner
        runners = runners_repo.list_runners(session)
    if not runners:
        raise NotFound(
            "no runner in this store yet: import files or run `achilles runner add NAME`"
        )
    if len(runners) > 1:
        names = ", ".join(r.name for r in runners)
        raise InvalidInput(f"this store has several runners ({names}): choose one with --runner")
    return runners[0]


def resolve_or_create_runner(store: Store, name: str | None) -> tuple[Runner, bool]:
    """For imports: like :func:`resolve_runner`, but an empty store gets its first runner."""
    with store.session() as session:
        empty = not runners_repo.list_runners(session)
        exists = name is not None and runners_repo.find_by_name(session, name) is not None
    if (empty and name is None) or (name is not None and not exists):
        return create_runner(store, name or DEFAULT_RUNNER_NAME), True
    return resolve_runner(store, name), False


def update_runner(store: Store, runner: Runner, **changes: Any) -> Runner:
    fields = _validated(changes)
    if not fields:
        return runner
    with store.session() as session:
        if "name" in fields:
            other = runners_repo.find_by_name(session, fields["name"])
            if other is not None and other.id != runner.id:
                raise Conflict(f"a runner named {fields['name']!r} already exists")
        return runners_repo.update(session, runner.id, **fields)


def clear_fast_threshold(store: Store, runner: Runner) -> Runner:
    """Go back to the threshold derived from the runner's own history."""
    with store.session() as session:
        return runners_repo.update(session, runner.id, fast_speed_m_s=None)


def delete_runner(store: Store, runner: Runner) -> None:
    """Delete the runner and everything of theirs (every table cascades on ``runner_id``),
    and the web account that owns the profile, with its sessions: a deleted runner cannot sign
    in any more, and may sign up again with the same e-mail."""
    with store.session() as session:
        owner = web_repo.owner_of_runner(session, runner.id)
        if owner is not None:
            web_repo.delete_user(session, owner)
        runners_repo.delete(session, runner.id)
    forget_runner(store, runner.id)


def export_runner(store: Store, runner: Runner) -> dict[str, Any]:
    """Everything stored about a runner, table by table, as JSON-ready data (streams as counts:
    the raw files remain the runner's own originals), and the account that owns the profile
    (e-mail, name, role, created; never the password hash), without the credentials of linked
    services (tokens and API keys)."""
    from achillescare.storage.schema import Base  # noqa: PLC0415  (full metadata only when needed)

    out: dict[str, Any] = {
        "format": "achillescare-export/1",
        "runner": None,
        "account": None,
        "tables": {},
    }
    with store.session() as session:
        account = web_repo.account_of_runner(session, runner.id)
        out["account"] = None if account is None else _jsonable(account)
        for table in Base.metadata.sorted_tables:
            if table.name == "runners":
                row = session.execute(select(table).where(table.c.id == runner.id)).mappings().one()
                out["runner"] = _jsonable(dict(row))
            elif "runner_id" in table.c:
                rows = session.execute(select(table).where(table.c.runner_id == runner.id))
                secrets = {c.name for c in table.c if c.info.get("secret")}
                out["tables"][table.name] = [
                    _jsonable(_withheld(dict(r), secrets)) for r in rows.mappings()
                ]
    return out


def _withheld(row: dict[str, Any], secrets: set[str]) -> dict[str, Any]:
    """The row with its credentials (tokens, API keys) marked withheld: an export is shared with
    clinicians and researchers, and a key in it would let them act as the runner."""
    return {k: ("<withheld>" if k in secrets and v is not None else v) for k, v in row.items()}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, bytes):
            clean[key] = f"<{len(value)} bytes>"
        elif isinstance(value, datetime) or hasattr(value, "isoformat"):
            clean[key] = value.isoformat()
        else:
            clean[key] = value
    return clean
