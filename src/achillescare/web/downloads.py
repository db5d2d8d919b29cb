"""Files the app hands out for saving (a runner's PDF report, an account's data), the same
download from a page link and from the JSON API."""

from __future__ import annotations

import json
from datetime import date

from fastapi import Response

from achillescare.domain.accounts import User
from achillescare.services import accounts
from achillescare.storage.db import Store


def pdf_response(pdf: bytes, name: str, day: date) -> Response:
    """The report as an attachment named for the runner and the day."""
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "runner"
    filename = f"achillescare-{slug}-{day.isoformat()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def account_export_response(store: Store, user: User) -> Response:
    """Everything stored about the user, as a JSON download (never the password hash)."""
    data = accounts.export_account(store, user)
    return Response(
        json.dumps(data, indent=1, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="achillescare-my-data.json"'},
    )
