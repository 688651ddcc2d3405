"""Literal instants for tests of date rules (time-machine freezes the clock at them).

A destination in Paris time keeps the process's local time zone on Europe/Paris (a UTC
destination would switch it, see DEVELOPERS.md)."""

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_noon(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=PARIS)


# Thursday 10 December 2026: today and the next 30 days (J..J+30, up to Saturday 9 January
# 2027) cross Christmas and New Year's Day, public holidays everywhere in France, and
# Saint-Stephen's day (26 December), a holiday in Alsace-Moselle only.
BEFORE_CHRISTMAS = paris_noon(2026, 12, 10)
