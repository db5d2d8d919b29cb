"""What makes the web app installable: the web app manifest and the service worker.

Both are static files, but served from the site's root: a service worker controls only the
pages under the path it is served from (W3C Service Workers, "scope"), and the manifest's
``scope`` and ``start_url`` are the whole app. ``no-cache`` makes the browser check for a new
service worker on each visit instead of keeping an old one for up to a day.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
REVALIDATE = {"cache-control": "no-cache"}

router = APIRouter()


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(STATIC / "sw.js", media_type="text/javascript", headers=REVALIDATE)


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(
        STATIC / "manifest.webmanifest", media_type="application/manifest+json", headers=REVALIDATE
    )
