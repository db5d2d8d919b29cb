"""The typed shapes of every view: API responses (OpenAPI) and template contexts alike.

Quantities keep SI units in their names (``distance_m``) for programs, next to ``*_text`` in the
runner's own units for people, so the page shows exactly what the JSON says.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from achillescare.domain.accounts import EMAIL_PATTERN, NAME_PATTERN, Role, ShareStatus


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    runner_id: int | None = None
    must_change_password: bool = Field(
        default=False,
        description="The password was reset by an admin: only POST /api/v1/me/password (and "
        "sign-out) work until the account chooses its own.",
    )


class RunnerOut(BaseModel):
    id: int
    name: str
    units: Literal["km", "mi"]


class ShareOut(BaseModel):
    id: int
    runner_id: int
    runner_name: str
    specialist_email: str
    specialist_name: str | None
    status: ShareStatus
    created_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    code_expires_at: datetime | None = Field(
        default=None, description="While invited: when the invitation code stops working."
    )


class InvitationOut(ShareOut):
    """A new invitation and its one-time code: shown to the runner now and never again (only a
    hash is stored). The specialist enters it to accept."""

    code: str


class AcceptIn(BaseModel):
    code: str = Field(min_length=1, max_length=40, description="The code the runner gave you.")


class SharingView(BaseModel):
    """A runner's shares, or the shares a specialist accepted."""

    shares: list[ShareOut]


class SignalOut(BaseModel):
    id: str
    value: float | None
    status: str
    explanation: str
    source: str


class ActivityOut(BaseModel):
    id: int | None
    start_utc: datetime
    start_local: str = Field(
        description="Wall-clock start where the runner was, ISO 8601, no offset."
    )
    when_text: str
    sport: str
    is_run: bool
    name: str | None
    distance_m: float
    moving_s: float
    distance_text: str
    pace_text: str
    duration_text: str
    source: str
    excluded_reason: str | None = Field(
        default=None,
        description="Why the runner left it out of the training load; null: it counts.",
    )
    shoe_id: int | None = Field(default=None, description="The pair it was done in; null: none.")
    shoe: str | None = Field(default=None, description="That pair's name.")


class ActivityEditIn(BaseModel):
    """A change to one activity; a field left out is unchanged."""

    sport: str | None = Field(
        default=None, max_length=40, description="running, trail_running, cycling, walking…"
    )
    name: str | None = Field(default=None, max_length=300, description="Empty: no name.")
    excluded_reason: str | None = Field(
        default=None,
        max_length=300,
        description="A reason: leave it out of the load. null: count it again.",
    )


class WeekOut(BaseModel):
    week_start: date
    distance_m: float
    runs: int
    long_run_m: float
    distance_text: str


class ReasonOut(BaseModel):
    rule: str
    level: str | None = Field(description="The decision this rule pushes to; null = a caution.")
    text: str
    source: str


class OverrideShown(BaseModel):
    """A specialist's override in force today, and what the rules alone would have said."""

    decision: str
    specialist: str
    reason: str
    first_day: date
    last_day: date
    set_on: date
    computed_decision: str | None
    computed_headline: str | None = Field(description="The rules' own answer, in words.")
    text: str = Field(description="One sentence: who set it, why, and the rules' answer.")


class DecisionOut(BaseModel):
    """An answer to "can I run today?": ``run``, ``modify``, ``rest``, ``see_specialist`` or
    ``urgent``, with the rules that fired and what to do. ``override``: a specialist set the
    decision (``decision`` is then at least theirs; a newer red flag can still raise it)."""

    decision: str
    headline: str
    reasons: list[ReasonOut]
    advice: list[str]
    needs_checkin: bool
    override: OverrideShown | None = None


class TodayView(BaseModel):
    """The runner's first page: the decision, training signals, the last weeks and runs."""

    runner: RunnerOut
    as_of: date
    decision: DecisionOut
    last_checkin: date | None
    signals: list[SignalOut]
    weeks: list[WeekOut]
    recent: list[ActivityOut]
    can_edit: bool


class ShoeChoiceOut(BaseModel):
    id: int
    name: str


class ActivitiesView(BaseModel):
    runner: RunnerOut
    activities: list[ActivityOut] = Field(description="Newest first.")
    total: int
    shoes: list[ShoeChoiceOut] = Field(
        default_factory=list, description="The runner's shoes, to say which one a run was in."
    )


OutcomeStatus = Literal["imported", "duplicate", "skipped", "failed", "warning"]


class ChartsView(BaseModel):
    """Vega-Lite v6 specs by name, each with its data inline (draw with vega-embed)."""

    charts: dict[str, dict[str, Any]]


class FileOutcome(BaseModel):
    source: str
    status: OutcomeStatus
    detail: str


class ImportResult(BaseModel):
    files: int
    imported: list[ActivityOut]
    outcomes: list[FileOutcome]
    service: str | None = Field(
        default=None, description="The online service a sync pulled from; none for an upload."
    )


class ImportJobOut(BaseModel):
    """An upload (or a sync) being imported in the background, and its result once finished."""

    id: int
    service: str | None = Field(
        default=None, description="The online service a sync pulls from; none for an upload."
    )
    status: Literal["queued", "running", "done", "failed"] = Field(
        description="queued: waiting for a worker; running; done: every file has its result; "
        "failed: the import itself stopped (see error)."
    )
    files_total: int = Field(description="Files sent.")
    files_done: int = Field(description="Files with their result so far.")
    imported: int = Field(description="Activities imported so far.")
    error: str | None = Field(description="Why the import stopped, when it failed.")
    result: ImportResult | None = Field(description="What became of each file, once finished.")

    @property
    def finished(self) -> bool:
        return self.status in {"done", "failed"}

    @property
    def percent(self) -> int:
        return round(100 * self.files_done / self.files_total) if self.files_total else 100


class SettingsView(BaseModel):
    runner: RunnerOut
    fast_pace_text: str | None = Field(description="The runner's own fast threshold, if set.")
    derived_fast_pace_text: str | None = Field(description="Derived from their history.")
    birth_year: int | None = Field(description="Year of birth, if given.")


class SettingsIn(BaseModel):
    units: Literal["km", "mi"]
    fast_pace: str | None = Field(
        default=None,
        max_length=12,
        description="min:s per km or mile; empty or null = derive from history.",
    )
    birth_year: int | None = Field(
        default=None,
        ge=1900,
        le=2100,
        description="Year of birth (lets the decision screen a runner still growing, RF-11); "
        "null or left out = unchanged.",
    )


class ClinicRow(BaseModel):
    runner_id: int
    name: str
    decision: str | None
    concern: int = Field(description="0 = most concerning; the dashboard's sort key.")
    reason: str
    last_checkin: date | None
    last_run: date | None


class ClinicView(BaseModel):
    """A specialist's runners, most concerning first."""

    runners: list[ClinicRow]


class ErrorOut(BaseModel):
    """Every refusal but a malformed request (422) says why in one sentence."""

    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "The input is well-formed but not acceptable (e.g. a pace of zero)."),
        (401, "No valid session: sign in first (or a wrong e-mail/password pair)."),
        (403, "Signed in, but not allowed (not your runner, or not shared with you)."),
        (404, "No such share or invitation for you."),
        (409, "Clashes with what is stored (e.g. an e-mail already signed up)."),
        (429, "Too many failed sign-ins: wait 15 minutes."),
    )
}
"""The error responses every API router declares, so the OpenAPI schema describes them."""


class SignUpIn(BaseModel):
    email: str = Field(min_length=6, max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=8, max_length=256)
    name: str = Field(min_length=1, max_length=80, pattern=NAME_PATTERN)
    role: Literal["runner", "specialist"] = "runner"


class MessageOut(BaseModel):
    """A one-sentence answer."""

    detail: str


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=256)
    new_password: str = Field(min_length=8, max_length=256)


class DeleteMeIn(BaseModel):
    password: str = Field(max_length=256, description="The account's password, asked again.")
    confirm: str = Field(max_length=40, description='Typed by the user: "delete my data".')


class SignInIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class InviteIn(BaseModel):
    email: str = Field(min_length=6, max_length=254, pattern=EMAIL_PATTERN)
