"""The few intervals.icu API calls a sync needs, over httpx, with their answers as typed records.

intervals.icu documents its API at https://intervals.icu/api-docs.html. A runner's personal API
key (intervals.icu Settings → Developer) is sent with HTTP Basic authentication, user
``API_KEY``, the key as password; athlete id ``0`` means the key's own athlete. The calls:

- ``GET /api/v1/athlete/{id}``: the athlete (to check a key and learn the athlete's id);
- ``GET /api/v1/athlete/{id}/activities?oldest=…&newest=…``: the activities started between two
  local dates, newest first. Activities intervals.icu received from Strava come back as stubs
  (an id, a start, ``"source": "STRAVA"`` and a ``_note`` saying they are not available through
  the API): Strava's terms forbid intervals.icu to pass them on;
- ``GET /api/v1/activity/{id}/file``: the activity's original file as uploaded (FIT, GPX or
  TCX, as ``file_type`` says), gzip-compressed;
- ``GET /api/v1/athlete/{id}/wellness?oldest=…&newest=…``: one record per day, ``id`` being the
  date, with ``restingHR``, ``hrv``, ``sleepSecs``, ``sleepScore``, ``soreness``, ``injury``…

Errors become :mod:`achillescare.errors`: 401 and 403 a :class:`~achillescare.errors.LinkRevoked`
(the key was changed, deleted or mistyped), 429 a :class:`~achillescare.errors.RateLimited` with
the wait the server asks for, anything else unexpected a
:class:`~achillescare.errors.ServiceUnavailable`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx

from achillescare.domain.sync.wellness import WellnessDay
from achillescare.errors import LinkRevoked, RateLimited, ServiceUnavailable
from achillescare.services.sync.http import HttpSession
from achillescare.settings import intervals_base_url

API_USER = "API_KEY"
"""The Basic-auth user name intervals.icu expects with a personal API key."""
OWN_ATHLETE = "0"
"""The athlete id that means "the key's own athlete"."""
DEFAULT_RETRY_AFTER_S = 60.0
"""How long to wait after a 429 that does not say (the documented limit is per second, so a
minute is generous)."""
TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class IntervalsActivity:
    """One row of the activity list, reduced to what a sync decides with.

    ``start_local`` is the local wall-clock start (no zone); ``note`` is intervals.icu's own
    reason when it will not hand the activity over (set on Strava stubs).
    """

    id: str
    start_local: datetime | None
    type: str | None
    distance_m: float | None
    moving_s: float | None
    source: str | None
    note: str | None
    file_type: str | None = None
    """The original file's format as intervals.icu names it (``fit``, ``gpx``, ``tcx``)."""

    @property
    def is_stub(self) -> bool:
        """A placeholder without data: intervals.icu may not pass the activity on."""
        return self.note is not None or (self.source == "STRAVA" and self.type is None)


@dataclass(frozen=True, slots=True)
class IntervalsAthlete:
    id: str
    name: str | None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _whole(value: Any) -> int | None:
    number = _number(value)
    return round(number) if number is not None else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _start(value: Any) -> datetime | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def activity_of(entry: Any) -> IntervalsActivity:
    """One activity of the list; raises ServiceUnavailable for a row without an id."""
    if not isinstance(entry, dict) or entry.get("id") in (None, ""):
        raise ServiceUnavailable("intervals.icu listed an activity without an id")
    return IntervalsActivity(
        id=str(entry["id"]),
        start_local=_start(entry.get("start_date_local")),
        type=_text(entry.get("type")),
        distance_m=_number(entry.get("distance")),
        moving_s=_number(entry.get("moving_time")),
        source=_text(entry.get("source")),
        note=_text(entry.get("_note")),
        file_type=_text(entry.get("file_type")),
    )


def wellness_of(entry: Any) -> WellnessDay | None:
    """One day of the wellness list (``None`` for a record whose id is not a date)."""
    if not isinstance(entry, dict):
        return None
    try:
        day = date.fromisoformat(str(entry.get("id")))
    except ValueError:
        return None
    sleep_s = _number(entry.get("sleepSecs"))
    return WellnessDay(
        day=day,
        source="intervals",
        resting_hr_bpm=_number(entry.get("restingHR")),
        hrv_ms=_number(entry.get("hrv")),
        sleep_h=None if sleep_s is None else sleep_s / 3600,
        sleep_score=_number(entry.get("sleepScore")),
        soreness=_whole(entry.get("soreness")),
        injury=_whole(entry.get("injury")),
    )


class IntervalsClient(HttpSession):
    """A session with intervals.icu for one API key; use it as a context manager.

    ``base_url`` defaults to ``ACHILLES_INTERVALS_BASE_URL`` (tests point it at a fake server on
    127.0.0.1), else https://intervals.icu.
    """

    def __init__(self, api_key: str, *, base_url: str | None = None) -> None:
        self._http = httpx.Client(
            base_url=base_url or intervals_base_url(),
            auth=(API_USER, api_key),
            timeout=TIMEOUT_S,
            headers={"Accept": "application/json"},
        )

    def _get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        try:
            response = self._http.get(path, params=params)
        except httpx.TransportError as error:
            raise ServiceUnavailable(f"intervals.icu could not be reached ({error})") from None
        if response.status_code in (401, 403):
            raise LinkRevoked(
                "intervals.icu refused the API key: it was changed, deleted or mistyped. Copy "
                "the current key from intervals.icu Settings → Developer and link again"
            )
        if response.status_code == 429:
            raise RateLimited(
                "intervals.icu asks us to slow down; the sync goes on where it stopped next time",
                retry_after_s=_retry_after(response),
            )
        return response

    def _json(self, path: str, params: dict[str, str] | None = None) -> Any:
        response = self._get(path, params)
        if response.status_code != 200:
            raise ServiceUnavailable(
                f"intervals.icu answered {response.status_code} to {path.rsplit('/', 1)[-1]}"
            )
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(
                "intervals.icu answered with something other than JSON"
            ) from None

    def athlete(self, athlete_id: str = OWN_ATHLETE) -> IntervalsAthlete:
        """The athlete the key opens (checks the key)."""
        found = self._json(f"/api/v1/athlete/{athlete_id}")
        if not isinstance(found, dict) or found.get("id") in (None, ""):
            raise ServiceUnavailable("intervals.icu answered without the athlete's id")
        return IntervalsAthlete(str(found["id"]), _text(found.get("name")))

    def _list(self, athlete_id: str, what: str, oldest: date, newest: date) -> list[Any]:
        params = {"oldest": oldest.isoformat(), "newest": newest.isoformat()}
        found = self._json(f"/api/v1/athlete/{athlete_id}/{what}", params)
        if not isinstance(found, list):
            raise ServiceUnavailable(f"intervals.icu answered the {what} request without a list")
        return found

    def activities(self, athlete_id: str, oldest: date, newest: date) -> list[IntervalsActivity]:
        """The activities started from ``oldest`` to ``newest`` (local dates, inclusive)."""
        return [
            activity_of(entry) for entry in self._list(athlete_id, "activities", oldest, newest)
        ]

    def wellness(self, athlete_id: str, oldest: date, newest: date) -> list[WellnessDay]:
        """The wellness days from ``oldest`` to ``newest`` (inclusive)."""
        days = (wellness_of(entry) for entry in self._list(athlete_id, "wellness", oldest, newest))
        return [day for day in days if day is not None]

    def original_file(self, activity_id: str) -> bytes | None:
        """The activity's file as uploaded (gzipped or not), or None when it has none (404)."""
        response = self._get(f"/api/v1/activity/{activity_id}/file")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ServiceUnavailable(
                f"intervals.icu answered {response.status_code} for the file of {activity_id}"
            )
        return response.content


def _retry_after(response: httpx.Response) -> float:
    """Seconds to wait, from ``Retry-After`` (seconds; a date or nonsense means the default)."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return DEFAULT_RETRY_AFTER_S
    return seconds if math.isfinite(seconds) and seconds >= 0 else DEFAULT_RETRY_AFTER_S


__all__ = [
    "OWN_ATHLETE",
    "IntervalsActivity",
    "IntervalsAthlete",
    "IntervalsClient",
    "activity_of",
    "wellness_of",
]
