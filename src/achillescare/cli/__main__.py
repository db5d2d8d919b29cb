"""``python -m achillescare.cli``: the same as the ``achilles`` command."""

from achillescare.cli.main import run

run()
