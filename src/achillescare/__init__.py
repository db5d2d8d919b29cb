"""AchillesCare: decision support for runners with Achilles tendon pain.

Decision support, not a diagnosis: every decision names the rules that fired and their evidence.
The Python API for researchers is :mod:`achillescare.api` (plain data, no database);
:mod:`achillescare.services` holds the store-backed use cases the CLI and web app call.
"""

__version__ = "0.1.0"
