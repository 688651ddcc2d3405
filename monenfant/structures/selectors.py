from datetime import timedelta
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from monenfant.referential.models import Commune

from .enums import AVAILABILITY_WINDOW_DAYS, HalfDay, StructureKind
from .models import HalfDayAvailability, ServedCommune, Structure


def availability_window():
    today = timezone.localdate()
    return today, today + timedelta(days=AVAILABILITY_WINDOW_DAYS)


def public_structures():
    """Validated structures with everything their public sheet shows, in a fixed number of
    queries whatever their number."""
    return (
        Structure.objects.visible_to_public()
        .select_related("commune__departement")
        .prefetch_related(
            "opening_periods",
            "closures",
            Prefetch(
                "served_links",
                queryset=ServedCommune.objects.select_related("commune").order_by("position", "id"),
            ),
            Prefetch(
                "half_day_availabilities",
                queryset=HalfDayAvailability.objects.filter(date__range=availability_window()),
            ),
        )
    )


def public_structure(pk: int) -> Structure:
    """A structure's public sheet; raises Structure.DoesNotExist unless visible."""
    return public_structures().get(pk=pk)


# Availability older than this is shown « à confirmer » (the arrêté of 31 August 2021 asks
# for an update at least weekly).
AVAILABILITY_FRESH_DAYS = 7


def availability_to_confirm(structure: Structure) -> bool:
    confirmed = structure.availability_confirmed_on
    return (
        confirmed is not None and (timezone.localdate() - confirmed).days > AVAILABILITY_FRESH_DAYS
    )


def opening_hours_by_day(structure: Structure) -> list[tuple[str, list]]:
    rows = sorted(structure.opening_periods.all(), key=lambda p: (p.weekday, p.opens_at))
    return [
        (day_rows[0].get_weekday_display(), day_rows)
        for day_rows in (list(group) for _, group in groupby(rows, key=lambda p: p.weekday))
    ]


def availability_table(structure: Structure) -> list[dict]:
    """J..J+30, one row per day with its morning and afternoon cells (None: not filled in)."""
    cells = {(a.date, a.half_day): a for a in structure.half_day_availabilities.all()}
    start, end = availability_window()
    closed = structure.closed_days(start, end)
    days = []
    day = start
    while day <= end:
        if day in closed:
            # Whatever was entered, no place on a public holiday or in a declared closure.
            morning = afternoon = None
        else:
            morning = cells.get((day, HalfDay.MORNING))
            afternoon = cells.get((day, HalfDay.AFTERNOON))
        days.append(
            {
                "date": day,
                "closed": closed.get(day),
                "morning": morning,
                "afternoon": afternoon,
                "cells": [morning, afternoon],
            }
        )
        day += timedelta(days=1)
    return days


def information_points_for(commune: Commune) -> list[Structure]:
    """Information points (LINF with an online desk) serving the commune: where a parent can
    send an information request."""
    return list(
        Structure.objects.visible_to_public()
        .filter(kind=StructureKind.LINF, online_desk=True, communes_served=commune)
        .order_by("name")
    )
