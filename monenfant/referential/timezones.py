"""The legal time of each département: opening hours are local wall-clock times."""

# Every overseas département with its own time (decree 2016-1291 lists the legal times).
OVERSEAS_TIME_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "976": "Indian/Mayotte",
}
METROPOLITAN_TIME_ZONE = "Europe/Paris"


def time_zone_of(departement_code: str) -> str:
    """IANA name of the time zone in which the hours of a place of this département are told."""
    return OVERSEAS_TIME_ZONES.get(departement_code, METROPOLITAN_TIME_ZONE)
