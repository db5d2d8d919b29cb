"""AchillesCare: decision support for runners with Achilles tendon pain.

Decision support, not a diagnosis: every decision names the rules that fired and their evidence.
The Python API lives in :mod:`achillescare.services` (store-backed use cases) and
:mod:`achillescare.domain` (pure functions on plain data).
"""

__version__ = "0.1.0"
