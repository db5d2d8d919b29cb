"""The runner's shoes page: each pair with its distance, a form to add one, and per pair a form
to change it, retire it (or wear it again) and delete it; and the form on the activities page
that says which shoe a run was in. Plain forms that work without
JavaScript: a refused answer re-renders the page with one plain line (422); success goes back to
the list (303). Numbers are typed in the runner's units (km or mi) and in mm and g."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from achillescare.domain.accounts import User
from achillescare.domain.runner import Runner
from achillescare.domain.units import to_metres
from achillescare.errors import Conflict, InvalidInput
from achillescare.services import accounts
from achillescare.services import shoes as shoes_service
from achillescare.services.activities import get_activity
from achillescare.services.runners import runner_today
from achillescare.web.auth import page_user, store_of
from achillescare.web.pages.render import is_htmx, render
from achillescare.web.params import ActivityId, ShoeId
from achillescare.web.view_models.runner import activity_out, shoe_names
from achillescare.web.view_models.shoes import shoes_view

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


class ShoeForm(BaseModel):
    """The add and change forms: text as typed (numbers in the runner's units, mm and g)."""

    name: str = Field(max_length=80)
    brand: str = Field(default="", max_length=80)
    model: str = Field(default="", max_length=80)
    drop: str = Field(default="", max_length=12)
    stack: str = Field(default="", max_length=12)
    weight: str = Field(default="", max_length=12)
    first_used: str = Field(default="", max_length=12)
    reminder: str = Field(default="", max_length=12)
    default_for: str = Field(default="", max_length=40)


_LABELS = {"drop": "drop", "stack": "stack height", "weight": "weight", "reminder": "distance"}


def _number(text: str, what: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InvalidInput(f"the {_LABELS[what]} must be a number, not {text!r}") from None


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"the first-use date must be a date, e.g. 2026-05-01, not {text!r}"
        ) from None


def _fields(runner: Runner, form: dict[str, str], *, editing: bool) -> dict[str, Any]:
    """The form's answers as shoe fields (SI). When editing, an emptied box clears the field;
    when adding, it leaves the default."""
    reminder = _number(form["reminder"], "reminder")
    values: dict[str, Any] = {
        "name": form["name"],
        "brand": form["brand"] or None,
        "model": form["model"] or None,
        "drop_mm": _number(form["drop"], "drop"),
        "stack_mm": _number(form["stack"], "stack"),
        "weight_g": _number(form["weight"], "weight"),
        "first_used": _day(form["first_used"]),
        "default_sports": (form["default_for"],) if form["default_for"] else (),
    }
    if reminder is not None:
        values["reminder_m"] = to_metres(reminder, runner.units)
    if not editing:
        values = {k: v for k, v in values.items() if v not in (None, ())}
    return values


def _page(request: Request, user: User, status_code: int = 200, **context: object) -> Response:
    store = store_of(request)
    view = shoes_view(store, accounts.own_runner(store, user))
    context = {"error": None, "notice": None, "failed_id": None, **context}
    return render(request, "shoes.html", status_code, view=view, **context)


def _back() -> Response:
    return RedirectResponse("/shoes", status_code=303)


@router.get("/shoes")
def shoes(request: Request, user: PageUser) -> Response:
    return _page(request, user)


@router.post("/shoes")
def add(request: Request, user: PageUser, answers: Annotated[ShoeForm, Form()]) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    form = answers.model_dump()
    try:
        shoes_service.add_shoe(store, runner, **_fields(runner, form, editing=False))
    except (InvalidInput, Conflict) as error:
        return _page(request, user, 422, error=str(error), form=form)
    return _back()


@router.post("/shoes/{shoe_id}/edit")
def edit(
    request: Request, user: PageUser, shoe_id: ShoeId, answers: Annotated[ShoeForm, Form()]
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    form = answers.model_dump()
    try:
        shoes_service.edit_shoe(store, runner, shoe_id, **_fields(runner, form, editing=True))
    except (InvalidInput, Conflict) as error:
        return _page(request, user, 422, error=str(error), failed_id=shoe_id)
    return _back()


@router.post("/shoes/{shoe_id}/retire")
def retire(
    request: Request,
    user: PageUser,
    shoe_id: ShoeId,
    undo: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    day = None if undo == "yes" else runner_today(runner)
    shoes_service.retire_shoe(store, runner, shoe_id, day)
    return _back()


@router.post("/activities/{activity_id}/shoe")
def activity_shoe(
    request: Request,
    user: PageUser,
    activity_id: ActivityId,
    shoe_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """The shoe an activity was done in, chosen on the activities page (empty: no shoe)."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    chosen = shoe_id.strip()
    if chosen and not chosen.isdecimal():
        raise InvalidInput("choose one of your shoes, or no shoe")
    shoes_service.assign_activities(store, runner, [activity_id], int(chosen) if chosen else None)
    if not is_htmx(request):
        return RedirectResponse("/activities", status_code=303)
    names = shoe_names(store, runner)
    row = activity_out(get_activity(store, runner, activity_id), runner.units, names)
    choices = {"shoes": [{"id": i, "name": name} for i, name in names.items()]}
    return render(request, "_activity_row.html", a=row, editable=True, error=None, view=choices)


@router.post("/shoes/{shoe_id}/delete")
def delete(request: Request, user: PageUser, shoe_id: ShoeId) -> Response:
    store = store_of(request)
    shoes_service.delete_shoe(store, accounts.own_runner(store, user), shoe_id)
    return _back()
