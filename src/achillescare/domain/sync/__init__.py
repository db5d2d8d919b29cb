"""Runs that arrive by themselves: a runner's link to an online service and what a sync did.

Pure records, no I/O. The service adapters (``achillescare.services.sync``) talk to Strava and
intervals.icu; the store keeps one :class:`SourceLink` per runner and service.
"""

from achillescare.domain.sync.links import SERVICE_NAMES, SOURCES, SourceLink, SourceName
from achillescare.domain.sync.report import SyncReport

__all__ = ["SERVICE_NAMES", "SOURCES", "SourceLink", "SourceName", "SyncReport"]
