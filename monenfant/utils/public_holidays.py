"""French public holidays (jours fériés), computed rather than listed, so that every year works.

Sources: Code du travail, art. L3133-1 (the eleven national holidays); art. L3134-13 (Alsace-
Moselle: Good Friday where there is a Protestant church, applied by employers of the three
départements as a whole, and 26 December); loi n° 83-550 and décret n° 83-1003 (abolition of
slavery: Guadeloupe 27 May, Martinique 22 May, Guyane 10 June, La Réunion 20 December; Mayotte
27 April since décret n° 2012-553). Easter Sunday by the anonymous
Gregorian algorithm (Meeus/Jones/Butcher), valid for every year of the Gregorian calendar.
"""

import datetime

from django.utils.translation import gettext_lazy as _

ALSACE_MOSELLE = frozenset({"57", "67", "68"})
# Abolition of slavery, per overseas département: (month, day).
ABOLITION_OF_SLAVERY = {
    "971": (5, 27),
    "972": (5, 22),
    "973": (6, 10),
    "974": (12, 20),
    "976": (4, 27),
}


def easter_sunday(year: int) -> datetime.date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int, departement_code: str = "") -> dict[datetime.date, object]:
    """The public holidays of a year in a département (national ones when it is not given)."""
    easter = easter_sunday(year)
    day = datetime.timedelta(days=1)
    holidays = {
        datetime.date(year, 1, 1): _("Jour de l'an"),
        easter + day: _("Lundi de Pâques"),
        datetime.date(year, 5, 1): _("Fête du Travail"),
        datetime.date(year, 5, 8): _("Victoire 1945"),
        easter + 39 * day: _("Ascension"),
        easter + 50 * day: _("Lundi de Pentecôte"),
        datetime.date(year, 7, 14): _("Fête nationale"),
        datetime.date(year, 8, 15): _("Assomption"),
        datetime.date(year, 11, 1): _("Toussaint"),
        datetime.date(year, 11, 11): _("Armistice 1918"),
        datetime.date(year, 12, 25): _("Noël"),
    }
    if departement_code in ALSACE_MOSELLE:
        holidays[easter - 2 * day] = _("Vendredi saint")
        holidays[datetime.date(year, 12, 26)] = _("Saint-Étienne")
    if departement_code in ABOLITION_OF_SLAVERY:
        month, dom = ABOLITION_OF_SLAVERY[departement_code]
        holidays[datetime.date(year, month, dom)] = _("Abolition de l'esclavage")
    return dict(sorted(holidays.items()))


def public_holidays_between(
    start: datetime.date, end: datetime.date, departement_code: str = ""
) -> dict[datetime.date, object]:
    found = {}
    for year in range(start.year, end.year + 1):
        for date, name in public_holidays(year, departement_code).items():
            if start <= date <= end:
                found[date] = name
    return found
