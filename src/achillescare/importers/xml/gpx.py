"""GPX 1.0 and 1.1 tracks → :class:`ParsedActivity` (one per file).

What is read, per track point: position, ``ele``, ``time``; from extensions Garmin's
TrackPointExtension (``hr``, ``cad``, ``speed``), Amazfit's ``heartrate``, Cluetrust/Suunto
``gpxdata:`` (``hr``, ``cadence``, ``distance``, ``speed``); GPX 1.0's ``speed``. The sport comes
from the first track's ``type``: a word (``running``, Garmin Connect) or Strava's code (9 = run,
1 = ride). Running cadence in GPX is per foot and is doubled; a file without a sport keeps no
cadence, since it cannot say whether the figure counts steps or pedal turns (see
:func:`achillescare.importers.xml.track.steps_per_minute`).

Choices:

- All tracks and segments of a file form one activity, in time order. Distance is not counted
  across a segment boundary (the device stopped recording; the gap is a pause).
- A file with no track point (a route, waypoints, metadata only) is :class:`NotAnActivity`:
  it is a valid GPX that holds no activity, so the import skips it rather than failing.
- Track points without a time are left out (with a warning); if none has one the file is
  :class:`UnreadableFile` — an activity needs a start time.
- GPX has no lap totals, so :class:`FileSummary` is empty and every figure comes from streams.
"""

from __future__ import annotations

from achillescare.domain.activity.records import FileSummary, ParsedActivity
from achillescare.importers.base import NotAnActivity
from achillescare.importers.xml.safe import ExpatReader, utc_from_ms
from achillescare.importers.xml.track import PointCollector, build_streams

STRAVA_TYPE_CODES = {"9": "running", "1": "cycling"}
"""Strava writes its activity type as a number in ``<trk><type>``; only these two are known."""

_SPORT_WORDS = {
    "running": "running", "run": "running", "trail_running": "trail_running",
    "trailrun": "trail_running", "treadmill_running": "treadmill_running",
    "track_running": "track_running", "virtualrun": "treadmill_running",
    "cycling": "cycling", "biking": "cycling", "ride": "cycling", "road_biking": "cycling",
    "mountain_biking": "cycling", "virtualride": "cycling",
    "walking": "walking", "walk": "walking", "hiking": "hiking", "hike": "hiking",
    "swimming": "swimming", "swim": "swimming",
}  # fmt: skip

_POINT_CHANNELS = {
    "ele": "altitude_m",
    "hr": "heart_rate_bpm",
    "heartrate": "heart_rate_bpm",
    "cad": "cadence_spm",
    "cadence": "cadence_spm",
    "RunCadence": "cadence_spm",
    "speed": "speed_m_s",
    "distance": "distance_m",
    "time": "time",
}


def gpx_sport(type_text: str | None) -> str:
    """Normalised sport of a GPX ``<type>``: Strava codes and the usual words; else ``other``."""
    if not type_text:
        return "other"
    key = type_text.strip().lower().replace(" ", "_").replace("-", "_")
    return STRAVA_TYPE_CODES.get(key) or _SPORT_WORDS.get(key) or "other"


class _GpxReader(ExpatReader):
    """An expat state machine: keeps the values of the elements GPX activities need."""

    def __init__(self) -> None:
        super().__init__()
        self.points = PointCollector()
        self.in_trk = False
        self.in_seg = False
        self.in_point = False
        self.tracks = 0
        self.other_points = 0
        self.creator: str | None = None
        self.name: str | None = None
        self.type_text: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = self.locals.get(name) or self._local(name)
        if local == "trkpt":
            point = self.points.next_point()
            self.in_point = True
            lat, lon = attrs.get("lat"), attrs.get("lon")
            if lat is not None and lon is not None:
                self.points.add("latitude_deg", point, lat.encode())
                self.points.add("longitude_deg", point, lon.encode())
        elif self.in_point:
            return
        elif local == "trkseg":
            self.in_seg = True
            self.points.segment_starts.append(self.points.n)
        elif local == "trk":
            self.tracks += 1
            self.in_trk = True
        elif local in ("name", "type") and self.in_trk and not self.in_seg and self.tracks == 1:
            self.mark()
        elif local in ("rtept", "wpt"):
            self.other_points += 1
        elif local == "gpx":
            self.creator = attrs.get("creator")

    def end(self, name: str) -> None:
        local = self.locals.get(name) or self._local(name)
        if self.in_point:
            target = _POINT_CHANNELS.get(local)
            if target is None:
                if local == "trkpt":
                    self.in_point = False
                return
            # Hot path (once per value): ExpatReader.leaf, inlined.
            points = self.points
            end = self._parser.CurrentByteIndex
            body = self._body
            points.index[target].append(points.n - 1)
            points.text[target].append(body[body.rfind(b">", 0, end) + 1 : end])
        elif local == "trkseg":
            self.in_seg = False
        elif local == "trk":
            self.in_trk = False
        elif self.in_trk and not self.in_seg and self.tracks == 1:
            if local == "name" and self.name is None:
                self.name = self.marked_text()
            elif local == "type" and self.type_text is None:
                self.type_text = self.marked_text()


def parse_gpx(data: bytes) -> list[ParsedActivity]:
    """The activity in a GPX file (a list of one, for symmetry with TCX and FIT).

    Raises :class:`UnreadableFile` (malformed XML, DTD/entities, no times) or
    :class:`NotAnActivity` (no track point), each with a one-line reason.
    """
    reader = _GpxReader()
    reader.read(data)
    if reader.points.n == 0:
        if reader.other_points:
            raise NotAnActivity("GPX holds a route or waypoints, not a recorded track")
        raise NotAnActivity("GPX holds no track points")
    sport = gpx_sport(reader.type_text)
    start_ms, streams, warnings = build_streams(reader.points, sport=sport)
    return [
        ParsedActivity(
            start_utc=utc_from_ms(start_ms),
            sport=sport,
            summary=FileSummary(),
            streams=streams,
            name=reader.name,
            device=reader.creator or None,
            warnings=warnings,
        )
    ]
