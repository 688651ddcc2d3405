"""Days of the week and time ranges, shared by childminders' and structures' hours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    # ISO numbering (Monday = 1), as date.isoweekday() returns.
    MONDAY = 1, _("lundi")
    TUESDAY = 2, _("mardi")
    WEDNESDAY = 3, _("mercredi")
    THURSDAY = 4, _("jeudi")
    FRIDAY = 5, _("vendredi")
    SATURDAY = 6, _("samedi")
    SUNDAY = 7, _("dimanche")


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
