"""The ``achilles`` command: thin Typer commands over :mod:`achillescare.services`."""
