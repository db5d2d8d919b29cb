"""The clinic-wide summary of personal insights, as the dashboard and its JSON twin show it: per
run feature and lag, how many of the specialist's runners show it as likely or possible, out of
how many with enough data, small counts shown as "<3" (:mod:`achillescare.domain.insights.clinic`).

It names no runner and carries no id, effect or per-runner value; the runners counted are the
ones who share with this specialist now (:func:`achillescare.services.accounts.shared_runners`).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from achillescare.domain.accounts import User
from achillescare.domain.insights.associations import feature_label
from achillescare.domain.insights.clinic import SHOE_MODEL, SUPPRESS_BELOW, ClinicSummary
from achillescare.domain.units import Units
from achillescare.services import accounts
from achillescare.services.insights import clinic_summary_for
from achillescare.storage.db import Store

LAG_WORDS = {1: "the next morning", 2: "two mornings later"}

COUNTS = (
    f"A number of runners, or “<{SUPPRESS_BELOW}” for 1 to {SUPPRESS_BELOW - 1} runners "
    "(hidden so that a small clinic cannot point at one person)."
)


class ClinicInsightRowOut(BaseModel):
    """One run feature at one lag, counted over the specialist's runners."""

    feature: str = Field(description="The feature (shoe models counted together as shoe_model).")
    lag_days: int
    label: str = Field(description="The run days it marks and the morning, in words.")
    likely: str = Field(description=f"Runners for whom it is likely. {COUNTS}")
    possible: str = Field(description=f"Runners for whom it is possible, not likely. {COUNTS}")
    enough_data: str = Field(description=f"Runners with enough data to compare it. {COUNTS}")


class ClinicInsightsOut(BaseModel):
    """The specialist's runners' insights, counted together with nobody in the counts."""

    runners: int = Field(description="Runners sharing with this specialist, all counted.")
    enough_data: str = Field(description=f"Runners with enough mornings after runs. {COUNTS}")
    suppressed_below: int = Field(description="Counts from 1 to this minus one are hidden.")
    rows: list[ClinicInsightRowOut] = Field(
        description="Every feature and lag at least one runner could be compared on, in a "
        "fixed order (never by count)."
    )


def clinic_label(feature: str) -> str:
    """A feature's run days in the third person, for the clinician (the runner's own label
    speaks to them: "your usual length"); distances in kilometres."""
    if feature == SHOE_MODEL:
        return "runs in one of their shoe models (against their other shoes)"
    return feature_label(feature, Units.KM).replace("your ", "their ")


def clinic_insights_out(summary: ClinicSummary) -> ClinicInsightsOut:
    return ClinicInsightsOut(
        runners=summary.runners,
        enough_data=summary.enough_data,
        suppressed_below=SUPPRESS_BELOW,
        rows=[
            ClinicInsightRowOut(
                feature=row.feature,
                lag_days=row.lag_days,
                label=f"{clinic_label(row.feature)}, {LAG_WORDS[row.lag_days]}",
                likely=row.likely,
                possible=row.possible,
                enough_data=row.enough_data,
            )
            for row in summary.rows
        ],
    )


def clinic_insights_view(store: Store, user: User) -> ClinicInsightsOut:
    """The summary over the runners who share with ``user`` now (revoked shares are not)."""
    return clinic_insights_out(clinic_summary_for(store, accounts.shared_runners(store, user)))
