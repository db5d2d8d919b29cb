"""Imports every models module so ``Base.metadata`` holds the whole schema (one line per area)."""

from achillescare.storage import models
from achillescare.storage.models import Base

MODEL_MODULES = (models,)

__all__ = ["MODEL_MODULES", "Base"]
