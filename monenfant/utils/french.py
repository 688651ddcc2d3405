"""French typography of generated text: one place for dates, times, elision, ages and counts.

Templates use them through the `french` template library (monenfant/www/templatetags); Python
code that builds text (data generator, e-mails, messages) imports them from here.
"""

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NBSP = "\u00a0"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Words (and commune names) whose initial h is aspirated: no elision before them ("de
# Haguenau", "le hameau"). Every other h is taken as mute ("d'Hyères", "l'hôtel"). The list
# holds the common words of the dictionary and the names met in commune names; the rule for
# a name not listed errs towards elision, the usual written form for place names.
ASPIRATED_H = (
    "hache",
    "hagondange",
    "haguenau",
    "haie",
    "haine",
    "hall",
    "halle",
    "halte",
    "hameau",
    "hamac",
    "hanche",
    "handicap",
    "hangar",
    "hareng",
    "haricot",
    "hasard",
    "hâte",
    "haut",
    "havre",
    "haye",
    "hayange",
    "hérisson",
    "héros",
    "hêtre",
    "hibou",
    "hollande",
    "homard",
    "honfleur",
    "hongrie",
    "honte",
    "hors",
    "houille",
    "houx",
    "huit",
    "hutte",
)
_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"


def starts_with_vowel_sound(word: str) -> bool:
    """True before "Angoulême", "Yvetot", "Hyères", "hôtel"; false before "Haguenau",
    "Yerres" (y before a vowel is a consonant), "Paris"."""
    lowered = word.strip().lower()
    if not lowered:
        return False
    first = lowered[0]
    if first in _VOWELS:
        return True
    if first == "y":
        return len(lowered) > 1 and lowered[1] not in _VOWELS
    if first == "h":
        bare = re.split(r"[\s'’-]", lowered)[0]
        return not any(bare.startswith(word) for word in ASPIRATED_H)
    return False


def de(name: str) -> str:
    """ "de" before a name, elided and contracted: "d'Angoulême", "du Havre", "des Sables",
    "de La Rochelle" → "de La Rochelle", "de L'Isle-Adam" stays, "de Paris"."""
    name = name.strip()
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    return ("d'" if starts_with_vowel_sound(name) else "de ") + name


def a(name: str) -> str:
    """ "à" before a commune name, contracted: "à Angoulême", "au Havre", "aux Mureaux"."""
    name = name.strip()
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def le(word: str) -> str:
    """ "le" before a word, elided: "l'accueil", "l'hôtel", "le hameau", "le relais"."""
    word = word.strip()
    return ("l'" if starts_with_vowel_sound(word) else "le ") + word


def format_date(value: datetime.date, *, year: bool = True, weekday: bool = False) -> str:
    """ "1er décembre 2026", "2 décembre 2026", "mardi 1er décembre"."""
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day}{NBSP}{MONTHS[value.month - 1]}"
    if year:
        text += f" {value.year}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    return text


def format_time(value: datetime.time) -> str:
    """ "7 h 30", "8 h", "18 h 05" (the Imprimerie nationale's form, no leading zero)."""
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def format_age(months: int) -> str:
    """An age in months under 24 ("18 mois"), in years from 24 months ("3 ans", "2 ans et
    6 mois")."""
    if months < 24:
        return ngettext("%(count)s mois", "%(count)s mois", months) % {"count": months}
    years, rest = divmod(months, 12)
    text = ngettext("%(count)s an", "%(count)s ans", years) % {"count": years}
    if rest:
        text = _("%(years)s et %(months)s mois") % {"years": text, "months": rest}
    return text


def format_age_range(min_months: int, max_months: int) -> str:
    """ "de 0 à 18 mois", "de 0 à 6 ans", "de 3 à 6 ans", "de 3 mois à 18 ans"."""
    if max_months < 24:
        return _("de %(min)s à %(max)s mois") % {"min": min_months, "max": max_months}
    whole_years = max_months % 12 == 0 and (
        min_months == 0 or (min_months >= 24 and min_months % 12 == 0)
    )
    if whole_years:
        return _("de %(min)s à %(max)s ans") % {"min": min_months // 12, "max": max_months // 12}
    low = "0" if min_months == 0 else format_age(min_months)
    return _("de %(min)s à %(max)s") % {"min": low, "max": format_age(max_months)}


def phrase_availability(
    *,
    places: int | None,
    available_on: datetime.date | None,
    confirmed_on: datetime.date | None,
    today: datetime.date,
) -> tuple[str, str]:
    """(state, text) of the places of a childminder or a structure, in one of three cases
    that never contradict each other:

    - "places": places are declared, with the date they are free from ("2 places disponibles
      à partir du 1er décembre 2026", or "dès maintenant");
    - "full": the information is given and there is no place ("Pas de place disponible");
    - "unknown": nothing was declared ("Disponibilités non renseignées"), never shown as
      "no place".
    The confirmation date is phrased separately (`phrase_confirmation`).
    """
    if places:
        text = ngettext("%(count)s place disponible", "%(count)s places disponibles", places) % {
            "count": places
        }
        if available_on is not None and available_on > today:
            text += " " + _("à partir du %(date)s") % {"date": format_date(available_on)}
        else:
            text += " " + _("dès maintenant")
        return "places", text
    if places is None or confirmed_on is None:
        return "unknown", _("Disponibilités non renseignées")
    return "full", _("Pas de place disponible")


def phrase_confirmation(confirmed_on: datetime.date | None) -> str:
    if confirmed_on is None:
        return ""
    return _("information confirmée le %(date)s") % {"date": format_date(confirmed_on)}
