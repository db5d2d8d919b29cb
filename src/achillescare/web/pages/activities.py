"""One activity's page (the runner's, and the specialist's read-only view of a shared runner's
activity), and the runner's corrections: change the sport or name, delete one, leave one out of
the load or count it again. Plain forms that work without JavaScript (303 back to the list or
the activity's page); on the list, with htmx, the row is swapped in place (an empty answer
removes it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from achillescare.domain.accounts import User
from achillescare.errors import InvalidInput
from achillescare.services import accounts
from achillescare.services.activities import delete_activity, edit_activity, get_activity
from achillescare.web.api.activities import ActivityId
from achillescare.web.api.runners import RunnerId
from achillescare.web.auth import page_user, store_of
from achillescare.web.pages.render import is_htmx, render
from achillescare.web.view_models.activity import ActivityListParams, activity_detail_view
from achillescare.web.view_models.runner import activity_out, shoe_names

router = APIRouter()
PageUser = Annotated[User, Depends(page_user)]


def _activity_page(
    request: Request, user: User, activity_id: int, status_code: int = 200, error: str | None = None
) -> Response:
    store = store_of(request)
    runner = accounts.own_runner(store, user)
    view = activity_detail_view(store, runner, activity_id, can_edit=True)
    context = {"error": error, "back": "/activities", "back_text": "All activities"}
    return render(request, "activity.html", status_code, view=view, **context)


@router.get("/activities/{activity_id}")
def activity(request: Request, user: PageUser, activity_id: ActivityId) -> Response:
    """The runner's own activity, with its changes."""
    return _activity_page(request, user, activity_id)


@router.get("/clinic/runners/{runner_id}/activities/{activity_id}")
def shared_activity(
    request: Request, user: PageUser, runner_id: RunnerId, activity_id: ActivityId
) -> Response:
    """A shared runner's activity as their specialist sees it (read-only)."""
    store = store_of(request)
    runner = accounts.visible_runner(store, user, runner_id)
    view = activity_detail_view(store, runner, activity_id, can_edit=False)
    back = f"/clinic/runners/{runner_id}"
    return render(request, "activity.html", view=view, error=None, back=back, back_text=runner.name)


@router.post("/activities/{activity_id}/edit")
def edit(
    request: Request,
    user: PageUser,
    activity_id: ActivityId,
    sport: Annotated[str, Form(max_length=40)],
    name: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Change the sport and the name (empty: no name), back to the activity's page."""
    store = store_of(request)
    try:
        edit_activity(store, accounts.own_runner(store, user), activity_id, sport=sport, name=name)
    except InvalidInput as refused:
        return _activity_page(request, user, activity_id, 422, str(refused))
    return RedirectResponse(f"/activities/{activity_id}", status_code=303)


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
    *,
    count: Annotated[str, Form(max_length=3)],
    reason: Annotated[str, Form(max_length=300)] = "",
    back: Annotated[str, Form(max_length=10)] = "list",
) -> Response:
    """``count=no`` with a reason leaves the activity out of the load; ``count=yes`` counts it.
    A refused answer comes back next to the row (htmx answers 200: it swaps no error page);
    ``back=page``: from (and back to) the activity's own page."""
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
    if back == "page":
        if error is None:
            return RedirectResponse(f"/activities/{activity_id}", status_code=303)
        return _activity_page(request, user, activity_id, 422, error)
    if is_htmx(request):
        found = get_activity(store, runner, activity_id)
        activity = activity_out(found, runner.units, shoe_names(store, runner))
        return render(
            request,
            "_activity_row.html",
            a=activity,
            editable=True,
            error=error,
            link_base="/activities/",
        )
    if error is None:
        return RedirectResponse("/activities", status_code=303)
    view = ActivityListParams().view(store, runner, "/activities")
    return render(request, "activities.html", 422, view=view, error=error)
