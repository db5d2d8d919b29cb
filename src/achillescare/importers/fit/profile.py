"""The few numbers of the FIT profile the importer needs.

Message and field numbers, scales and offsets are those of the FIT SDK profile (Profile.xlsx), as
also published in fitdecode's ``profile.py``; only the messages and fields that Achilles load and
the activity record depend on are listed. A FIT value is ``raw / scale - offset`` in the unit
named after the field.

Checked (Nov 2026): the FIT epoch offset of 631,065,600 s against Garmin's "Working with Date
Time Values" (developer.garmin.com/fit/articles/cookbook/datetime.html); "date_time below
0x10000000 is system time (seconds from device power on)" against the profile text generated into
the ``garminfit`` crate's documentation; the compressed-timestamp arithmetic (previous time masked
with 0xFFFFFFE0, plus the 5-bit offset, plus 0x20 on rollover) against the ``fit`` crate's
constants. Every field decoded here is also cross-checked against fitdecode in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

FIT_EPOCH_UNIX_S = 631_065_600
"""FIT ``date_time`` counts seconds since 1989-12-31 00:00:00 UTC; this is that instant in Unix time."""
SYSTEM_TIME_LIMIT = 0x1000_0000
"""FIT ``date_time`` values below this are seconds since the device was switched on (FIT protocol)."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field to decode: our name for it, and the profile's scale and offset."""

    name: str
    scale: float = 1.0
    offset: float = 0.0


FILE_ID = 0
SPORT = 12
SESSION = 18
RECORD = 20
DEVICE_INFO = 23
ACTIVITY = 34

TIMESTAMP_FIELD = 253
COMPRESSED_SPEED_DISTANCE_FIELD = 8
"""``record.compressed_speed_distance``: 3 bytes, 12-bit speed (1/100 m/s) and 12-bit rolling
distance (1/16 m) written by early Forerunners (FR70) instead of ``speed`` and ``distance``."""

FIELDS: dict[int, dict[int, FieldSpec]] = {
    FILE_ID: {
        0: FieldSpec("type"),
        1: FieldSpec("manufacturer"),
        2: FieldSpec("product"),
        4: FieldSpec("time_created"),
    },
    SPORT: {0: FieldSpec("sport"), 1: FieldSpec("sub_sport")},
    SESSION: {
        253: FieldSpec("timestamp"),
        2: FieldSpec("start_time"),
        5: FieldSpec("sport"),
        6: FieldSpec("sub_sport"),
        7: FieldSpec("total_elapsed_time", 1000.0),
        8: FieldSpec("total_timer_time", 1000.0),
        9: FieldSpec("total_distance", 100.0),
        16: FieldSpec("avg_heart_rate"),
        17: FieldSpec("max_heart_rate"),
        18: FieldSpec("avg_cadence"),
        92: FieldSpec("avg_fractional_cadence", 128.0),
        22: FieldSpec("total_ascent"),
        23: FieldSpec("total_descent"),
    },
    RECORD: {
        253: FieldSpec("timestamp"),
        0: FieldSpec("position_lat"),
        1: FieldSpec("position_long"),
        2: FieldSpec("altitude", 5.0, 500.0),
        3: FieldSpec("heart_rate"),
        4: FieldSpec("cadence"),
        5: FieldSpec("distance", 100.0),
        6: FieldSpec("speed", 1000.0),
        39: FieldSpec("vertical_oscillation", 10.0),
        41: FieldSpec("stance_time", 10.0),
        53: FieldSpec("fractional_cadence", 128.0),
        73: FieldSpec("enhanced_speed", 1000.0),
        78: FieldSpec("enhanced_altitude", 5.0, 500.0),
    },
    DEVICE_INFO: {
        0: FieldSpec("device_index"),
        2: FieldSpec("manufacturer"),
        4: FieldSpec("product"),
    },
    ACTIVITY: {253: FieldSpec("timestamp"), 5: FieldSpec("local_timestamp")},
}

FILE_TYPES: dict[int, str] = {
    1: "device",
    2: "settings",
    3: "sport",
    4: "activity",
    5: "workout",
    6: "course",
    7: "schedules",
    9: "weight scale",
    10: "totals",
    11: "goals",
    14: "blood pressure",
    15: "monitoring",
    20: "activity summary",
    28: "monitoring",
    32: "monitoring",
    34: "segment",
    35: "segment list",
    40: "exd configuration",
}
ACTIVITY_FILE_TYPE = 4

SPORTS: dict[int, str] = {
    0: "generic",
    1: "running",
    2: "cycling",
    3: "transition",
    4: "fitness_equipment",
    5: "swimming",
    10: "training",
    11: "walking",
    12: "cross_country_skiing",
    15: "rowing",
    16: "mountaineering",
    17: "hiking",
    19: "paddling",
    21: "e_biking",
    30: "inline_skating",
    35: "snowshoeing",
    37: "stand_up_paddleboarding",
    66: "wheelchair_push_run",
}
SUB_SPORTS: dict[int, str] = {
    0: "generic",
    1: "treadmill",
    2: "street",
    3: "trail",
    4: "track",
    5: "spin",
    6: "indoor_cycling",
    7: "road",
    8: "mountain",
    17: "lap_swimming",
    18: "open_water",
    27: "indoor_walking",
    45: "indoor_running",
    46: "gravel_cycling",
    58: "virtual_activity",
    67: "ultra",
}

MANUFACTURERS: dict[int, str] = {
    1: "Garmin",
    15: "Dynastream",
    23: "Suunto",
    32: "Wahoo",
    37: "Magellan",
    38: "o_synce",
    54: "iforPowell",
    70: "Sigma",
    71: "TomTom",
    76: "Moxy",
    87: "Nielsen-Kellerman",
    95: "Stryd",
    123: "Polar",
    255: "development",
    260: "Zwift",
    265: "Strava",
    267: "Bryton",
    289: "Hammerhead",
    294: "COROS",
    307: "Onelap",
    6: "SRM",
}
GARMIN_PRODUCTS: dict[int, str] = {
    717: "Forerunner 405",
    988: "Forerunner 60",
    1018: "Forerunner 310XT",
    1036: "Edge 500",
    1124: "Forerunner 110",
    1169: "Edge 800",
    1325: "Edge 200",
    1328: "Forerunner 910XT",
    1345: "Forerunner 610",
    1436: "Forerunner 70",
    1482: "Forerunner 10",
    1499: "Swim",
    1561: "Edge 510",
    1567: "Edge 810",
    1623: "Forerunner 620",
    1765: "Forerunner 920XT",
    1836: "Edge 1000",
    1903: "Forerunner 15",
    1967: "fenix 2",
    1988: "epix",
    2050: "fenix 3",
    2148: "Forerunner 25",
    2153: "Forerunner 225",
    2156: "Forerunner 630",
    2157: "Forerunner 230",
    2158: "Forerunner 735XT",
    2337: "vivoactive HR",
    2431: "Forerunner 235",
    2530: "Edge 820",
    2544: "fenix 5S",
    2604: "fenix 5X",
    2691: "Forerunner 935",
    2697: "fenix 5",
    2886: "Forerunner 645",
    2888: "Forerunner 645 Music",
    3076: "Forerunner 245",
    3113: "Forerunner 945",
    3121: "Edge 530",
    3282: "Forerunner 45",
    3290: "fenix 6",
    3570: "Edge 1030 Plus",
    3652: "Forerunner 945 LTE",
    3703: "Venu 2",
    3869: "Forerunner 55",
    3906: "fenix 7",
    3992: "Forerunner 255",
    4024: "Forerunner 955",
    4315: "Forerunner 965",
    4432: "Forerunner 165",
    4536: "fenix 8",
}
GARMIN_PRODUCT_MAKERS = frozenset({1, 13, 15, 89})
"""Garmin, Dynastream (OEM) and Tacx: their ``product`` numbers are ``garmin_product`` values."""
