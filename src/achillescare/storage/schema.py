"""Imports every models module so ``Base.metadata`` holds the whole schema (one line per area)."""

from achillescare.storage.models import clinical as models_clinical
from achillescare.storage.models import core as models
from achillescare.storage.models import gear as models_gear
from achillescare.storage.models import jobs as models_jobs
from achillescare.storage.models import programs as models_programs
from achillescare.storage.models import symptoms as models_symptoms
from achillescare.storage.models import sync as models_sync
from achillescare.storage.models import web as models_web
from achillescare.storage.models import wellness as models_wellness
from achillescare.storage.models.core import Base

MODEL_MODULES = (
    models,
    models_web,
    models_programs,
    models_symptoms,
    models_clinical,
    models_gear,
    models_sync,
    models_wellness,
    models_jobs,
)

JOB_QUEUE_PREFIX = "procrastinate_"
"""Tables of the job queue on PostgreSQL (procrastinate's own schema, applied by migration
``0014_import_jobs``): not among our models, and left alone when models and migrations are
compared."""


def is_ours(
    item: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's ``include_object`` hook: everything but the job queue's tables (and their
    indexes), so autogenerate neither drops them nor reports them as missing models."""
    table = getattr(item, "table", None) if type_ != "table" else item
    table_name = getattr(table, "name", name) or ""
    return not table_name.startswith(JOB_QUEUE_PREFIX)


__all__ = ["JOB_QUEUE_PREFIX", "MODEL_MODULES", "Base", "is_ours"]
