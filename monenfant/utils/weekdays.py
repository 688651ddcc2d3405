"""Days of the week and time ranges, shared by childminders' and structures' hours."""

from django.db import models


class Weekday(models.IntegerChoices):
    # ISO numbering (Monday = 1), as date.isoweekday() returns.
    MONDAY = 1, "lundi"
    TUESDAY = 2, "mardi"
    WEDNESDAY = 3, "mercredi"
    THURSDAY = 4, "jeudi"
    FRIDAY = 5, "vendredi"
    SATURDAY = 6, "samedi"
    SUNDAY = 7, "dimanche"


# Short ASCII codes used in URLs and the API (?days=mon,tue).
WEEKDAY_CODES = {
    "mon": Weekday.MONDAY,
    "tue": Weekday.TUESDAY,
    "wed": Weekday.WEDNESDAY,
    "thu": Weekday.THURSDAY,
    "fri": Weekday.FRIDAY,
    "sat": Weekday.SATURDAY,
    "sun": Weekday.SUNDAY,
}


def days_mask(days) -> int:
    """Bit (day - 1) set for each ISO weekday: a prefilter the search checks in an index."""
    mask = 0
    for day in days:
        mask |= 1 << (int(day) - 1)
    return mask
