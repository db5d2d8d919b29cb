"""Importers: file bytes in, :class:`~achillescare.domain.activity.records.ParsedActivity` out.

No database, no CLI, no network here: an importer can be run on a file with nothing else.
"""
