import datetime
import decimal
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from monenfant.referential.models import Commune
from monenfant.utils.french import format_time
from monenfant.utils.weekdays import Weekday

from .enums import AVAILABILITY_WINDOW_DAYS, HalfDay, StructureKind
from .models import HalfDayAvailability, ServedCommune, Structure, StructureRevision


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


# --- Manager's changes waiting for the CAF (StructureRevision) -----------------------------

# Keys of StructureRevision.proposed that are no column of the sheet: the weekly opening
# ranges ([[weekday, "HH:MM", "HH:MM"], …], sorted) and the communes served (ids, in order).
PERIODS = "opening_periods"
COMMUNES = "communes_served"


def _field(name):
    return Structure._meta.get_field(name)


def value_to_json(name: str, value):
    """A form's cleaned value as stored in StructureRevision.proposed."""
    if name == PERIODS:
        return sorted(
            [int(day), f"{opens:%H:%M}", f"{closes:%H:%M}"] for day, opens, closes in value
        )
    if name == COMMUNES:
        return [commune.pk for commune in value]
    field = _field(name)
    if field.many_to_one:
        return value.pk if value is not None else None
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def revision_proposal(*, values: dict, periods=None, communes=None) -> dict:
    """What a revision stores: the sheet's fields, and the ranges and communes when the kind
    has them."""
    proposed = {name: value_to_json(name, value) for name, value in values.items()}
    if periods is not None:
        proposed[PERIODS] = value_to_json(PERIODS, periods)
    if communes is not None:
        proposed[COMMUNES] = value_to_json(COMMUNES, communes)
    return proposed


def value_from_json(name: str, raw):
    """A stored value back as the forms take it: the commune, times for the ranges, the
    communes served in order."""
    if name == PERIODS:
        return [
            (day, datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
            for day, opens, closes in raw
        ]
    if name == COMMUNES:
        by_id = Commune.objects.in_bulk(raw)
        return [by_id[pk] for pk in raw if pk in by_id]
    field = _field(name)
    if field.many_to_one:
        return Commune.objects.filter(pk=raw).first() if raw is not None else None
    return field.to_python(raw)


def published_values(structure: Structure, names) -> dict:
    """The published (row) values of these fields, in the revision's JSON form."""
    values = {}
    for name in names:
        if name == PERIODS:
            values[name] = value_to_json(
                name,
                [(p.weekday, p.opens_at, p.closes_at) for p in structure.opening_periods.all()],
            )
        elif name == COMMUNES:
            values[name] = [link.commune_id for link in structure.served_links.all()]
        elif _field(name).many_to_one:
            values[name] = getattr(structure, _field(name).attname)
        else:
            values[name] = value_to_json(name, getattr(structure, name))
    return values


def open_revision(structure: Structure) -> StructureRevision | None:
    return structure.revisions.filter(closed_at__isnull=True).select_related("author").first()


def last_decided_revision(structure: Structure) -> StructureRevision | None:
    return structure.revisions.filter(closed_at__isnull=False).first()


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    previous: str  # shown: the published value
    proposed: str
    changed: bool


def _label(name) -> str:
    if name == PERIODS:
        return gettext("Jours et horaires d'ouverture au public")
    return str(_field(name).verbose_name)


def _shown(name, raw, communes: dict) -> str:
    empty = gettext("(vide)")
    if name == PERIODS:
        days = {}
        for day, opens, closes in raw:
            days.setdefault(day, []).append(
                f"{format_time(datetime.time.fromisoformat(opens))} – "
                f"{format_time(datetime.time.fromisoformat(closes))}"
            )
        return (
            " ; ".join(
                f"{Weekday(day).label.capitalize()} : {', '.join(ranges)}"
                for day, ranges in sorted(days.items())
            )
            or empty
        )
    if name == COMMUNES or _field(name).many_to_one:
        ids = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        return ", ".join(communes.get(pk, str(pk)) for pk in ids) or empty
    if raw is None or raw == "":
        return empty
    if isinstance(raw, bool):
        return gettext("Oui") if raw else gettext("Non")
    field = _field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    return str(raw)


def revision_diff(revision: StructureRevision) -> dict[str, FieldChange]:
    """For each proposed field: the published value, the proposed one, and whether they
    differ. Computed from the row, never stored (docs/architecture.md)."""
    structure = revision.structure
    names = list(revision.proposed)
    published = published_values(structure, names)
    # The sheet's relations all point to communes (its commune, the communes served).
    ids = {
        pk
        for name in names
        if name == COMMUNES or (name != PERIODS and _field(name).many_to_one)
        for value in (published[name], revision.proposed[name])
        for pk in (value if isinstance(value, list) else [value])
        if pk is not None
    }
    communes = dict(Commune.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {
        name: FieldChange(
            name=name,
            label=_label(name),
            previous=_shown(name, published[name], communes),
            proposed=_shown(name, revision.proposed[name], communes),
            changed=published[name] != revision.proposed[name],
        )
        for name in names
    }
