"""Personal insights: which of a runner's own run features are followed by worse mornings.

Pure NumPy over plain records: :mod:`.inputs` (runs and mornings), :mod:`.exposures` (the
features and their thresholds), :mod:`.stats` (moving block bootstrap, Benjamini–Hochberg) and
:mod:`.associations` (verdicts, sentences and the ``RULES``).
"""

from achillescare.domain.insights.associations import Association, Insights, insights
from achillescare.domain.insights.inputs import (
    InsightInput,
    InsightRun,
    Morning,
    mornings_from_checkins,
    parse_insight_input,
)

__all__ = [
    "Association",
    "InsightInput",
    "InsightRun",
    "Insights",
    "Morning",
    "insights",
    "mornings_from_checkins",
    "parse_insight_input",
]
