"""Imports every models module so ``Base.metadata`` holds the whole schema (one line per area)."""

from achillescare.storage import (
    models,
    models_clinical,
    models_programs,
    models_symptoms,
    models_web,
)
from achillescare.storage.models import Base

MODEL_MODULES = (models, models_web, models_programs, models_symptoms, models_clinical)

__all__ = ["MODEL_MODULES", "Base"]
