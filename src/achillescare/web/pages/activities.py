"""The runner's corrections on the activities page: delete one, leave one out of the load or
count it again. Plain forms that work without JavaScript (303 back to the list); with htmx
the row is swapped in place (an empty answer removes it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from achillescare.domain.accounts import User
from achillescare.errors import InvalidInput
from achillescare.services import accounts
from achillescare.services.activities import delete_activity, edit_activity, get_activity
from achillescare.web.api.activities import ActivityId
from achillescare.web.auth import page_user, store_of
from achillescare.web.pages.render import is_htmx, render
from achillescare.web.view_models.runner import activities_view, activity_out, shoe_names

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


@router.post("/activities/{activity_id}/delete")
def delete(request: Request, user: PageUser, activity_id: ActivityId) -> Response:
    store = store_of(request)
    delete_activity(store, accounts.own_runner(store, user), activity_id)
    if is_htmx(request):
        return HTMLResponse("")
    return RedirectResponse("/activities", status_code=303)


@router.post("/activities/{activity_id}/load")
def load(
    request: Request,
    user: PageUser,
    activity_id: ActivityId,
    count: Annotated[str, Form(max_length=3)],
    reason: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """``count=no`` with a reason leaves the activity out of the load; ``count=yes`` counts it.
    A refused answer comes back next to the row (htmx answers 200: it swaps no error page)."""
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    error = None
    try:
        if count == "yes":
            edit_activity(store, runner, activity_id, include=True)
        else:
            edit_activity(store, runner, activity_id, exclude_reason=reason)
    except InvalidInput as refused:
        error = str(refused)
    if is_htmx(request):
        found = get_activity(store, runner, activity_id)
        activity = activity_out(found, runner.units, shoe_names(store, runner))
        return render(request, "_activity_row.html", a=activity, editable=True, error=error)
    if error is None:
        return RedirectResponse("/activities", status_code=303)
    view = activities_view(store, runner)
    return render(request, "activities.html", 422, view=view, error=error)
