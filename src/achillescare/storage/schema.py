"""Imports every models module so ``Base.metadata`` holds the whole schema (one line per area)."""

from achillescare.storage.models import clinical as models_clinical
from achillescare.storage.models import core as models
from achillescare.storage.models import gear as models_gear
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
)

__all__ = ["MODEL_MODULES", "Base"]
