"""The rules of the J..J+30 half-day availability table of an EAJE or a MAM, applied alike by
the editor (monenfant.www.structure_availability) and the data exchange API
(PUT /api/v1/structures/{id}/availability): one place for what a half-day may say."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from monenfant.utils.french import format_date

from .enums import HalfDay, SlotStatus
from .selectors import availability_window


@dataclass(frozen=True)
class Cell:
    date: datetime.date
    half_day: str
    status: str
    places: int = 0


def cell_errors(structure, *, date, half_day, status, places, window=None) -> dict[str, str]:
    """{field: French message} of what is wrong with one half-day (empty: it is fine)."""
    start, end = window or availability_window()
    errors = {}
    if date < start or date > end:
        errors["date"] = _("La date doit être comprise entre le %(start)s et le %(end)s.") % {
            "start": format_date(start),
            "end": format_date(end),
        }
    if half_day not in HalfDay.values:
        errors["half_day"] = _("Demi-journée inconnue : « matin » ou « apres_midi ».")
    if status not in SlotStatus.values:
        errors["status"] = _(
            "État inconnu : « disponible », « non_disponible » ou « non_travaille »."
        )
    if places < 0:
        errors["places"] = _("Le nombre de places ne peut pas être négatif.")
    elif structure.capacity is not None and places > structure.capacity:
        errors["places"] = _(
            "Au plus %(capacity)s places : c'est la capacité d'accueil de la structure."
        ) % {"capacity": structure.capacity}
    elif status == SlotStatus.AVAILABLE and places == 0:
        errors["places"] = _("Indiquez le nombre de places disponibles.")
    return errors


def stored_places(status: str, places: int) -> int:
    """Places only mean something for a « Disponible » half-day."""
    return places if status == SlotStatus.AVAILABLE else 0
