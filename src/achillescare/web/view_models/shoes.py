"""The shoes page and its JSON twin: each pair with its distance in the runner's units, and
the shapes the API takes to add, change and assign (SI units, like every API body)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from achillescare.domain.gear.shoes import LIMITS, REMINDER_RANGE_M, SHOE_SPORTS, ShoeUse
from achillescare.domain.runner import Runner
from achillescare.domain.units import Units, format_distance
from achillescare.services import shoes as shoes_service
from achillescare.storage.db import Store
from achillescare.web.view_models.models import RunnerOut
from achillescare.web.view_models.runner import runner_out


class ShoeOut(BaseModel):
    id: int
    name: str
    label: str = Field(description="The name, with make and model when they say more.")
    brand: str | None
    model: str | None
    drop_mm: float | None
    stack_mm: float | None
    weight_g: float | None
    first_used: date | None
    retired_on: date | None
    reminder_m: float
    default_sports: list[str]
    distance_m: float
    activities: int
    last_used: date | None
    replacement_due: bool
    distance_text: str
    reminder_text: str
    status_text: str = Field(description="Still worn and how far to go, due, or retired.")


class ShoesView(BaseModel):
    runner: RunnerOut
    shoes: list[ShoeOut]
    reminders: list[str] = Field(description="One sentence per pair past its distance.")
    sports: list[str] = Field(description="The sports a shoe can be the default for.")


def _status(use: ShoeUse, units: Units) -> str:
    if use.shoe.retired_on is not None:
        return f"Retired on {use.shoe.retired_on:%d %b %Y}"
    if use.due:
        return "Time to replace"
    return f"{format_distance(use.remaining_m, units, 0)} to go"


def shoe_out(use: ShoeUse, units: Units) -> ShoeOut:
    shoe = use.shoe
    return ShoeOut(
        id=shoe.id or 0,
        name=shoe.name,
        label=shoe.label,
        brand=shoe.brand,
        model=shoe.model,
        drop_mm=shoe.drop_mm,
        stack_mm=shoe.stack_mm,
        weight_g=shoe.weight_g,
        first_used=use.started,
        retired_on=shoe.retired_on,
        reminder_m=shoe.reminder_m,
        default_sports=list(shoe.default_sports),
        distance_m=round(use.distance_m, 1),
        activities=use.activities,
        last_used=use.last_day,
        replacement_due=use.due,
        distance_text=format_distance(use.distance_m, units, 0),
        reminder_text=format_distance(shoe.reminder_m, units, 0),
        status_text=_status(use, units),
    )


def shoes_view(store: Store, runner: Runner) -> ShoesView:
    uses = shoes_service.list_shoes(store, runner)
    units = runner.units
    return ShoesView(
        runner=runner_out(runner),
        shoes=[shoe_out(use, units) for use in uses],
        reminders=[
            f"Time to replace {use.shoe.name}: {format_distance(use.distance_m, units, 0)} run, "
            f"past the {format_distance(use.shoe.reminder_m, units, 0)} set for it."
            for use in shoes_service.reminders(uses)
        ],
        sports=list(SHOE_SPORTS),
    )


_DROP, _STACK, _WEIGHT = (LIMITS[k] for k in ("drop_mm", "stack_mm", "weight_g"))


class ShoeIn(BaseModel):
    """A pair to add, or the fields to change (a field left out is unchanged; ``null`` clears
    an optional one). SI units; the checks are the domain's, answered as 422 with its sentence."""

    name: str | None = Field(default=None, min_length=1, max_length=80)
    brand: str | None = Field(default=None, max_length=80)
    model: str | None = Field(default=None, max_length=80)
    drop_mm: float | None = Field(default=None, ge=_DROP[0], le=_DROP[1])
    stack_mm: float | None = Field(default=None, ge=_STACK[0], le=_STACK[1])
    weight_g: float | None = Field(default=None, ge=_WEIGHT[0], le=_WEIGHT[1])
    first_used: date | None = None
    retired_on: date | None = None
    reminder_m: float | None = Field(
        default=None, ge=REMINDER_RANGE_M[0], le=REMINDER_RANGE_M[1],
        description="Replace after this distance (default 700 km).",
    )  # fmt: skip
    default_sports: list[str] | None = Field(default=None, max_length=len(SHOE_SPORTS))


class ShoeChoiceIn(BaseModel):
    """The shoe an activity was done in (``shoe_id`` null: in no shoe)."""

    shoe_id: int | None = Field(ge=1, le=2**31 - 1)
