"""French typography in templates: `{% load french %}` then `{{ day|french_date }}`,
`{{ day|french_date:"weekday" }}`, `{{ opens_at|french_time }}`, `{{ commune.name|de }}`,
`{{ word|le }}`, `{{ structure|age_range }}`. The rules live in monenfant.utils.french."""

import datetime

from django import template
from django.utils import timezone

from monenfant.utils import french

register = template.Library()


@register.filter
def french_date(value, options=""):
    """ "1er décembre 2026"; options: "weekday" ("mardi 1er décembre 2026"), "short" (no
    year), comma-separated."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return ""
    flags = {flag.strip() for flag in options.split(",")}
    return french.format_date(value, year="short" not in flags, weekday="weekday" in flags)


@register.filter
def french_time(value):
    """ "7 h 30", "18 h"; also reads "HH:MM" strings as stored in JSON."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    if isinstance(value, str):
        try:
            value = datetime.time.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime.time):
        return ""
    return french.format_time(value)


@register.filter(name="de")
def de_filter(name):
    return french.de(str(name))


@register.filter(name="le")
def le_filter(word):
    return french.le(str(word))


@register.filter
def age_range(obj):
    """The ages a childminder or a structure takes, in months then in years from 24."""
    return french.format_age_range(obj.age_min_months, obj.age_max_months)


@register.inclusion_tag("components/availability.html")
def availability(places, available_on, confirmed_on):
    """The three-case availability wording (monenfant.utils.french.phrase_availability)."""
    state, text = french.phrase_availability(
        places=places,
        available_on=available_on,
        confirmed_on=confirmed_on,
        today=timezone.localdate(),
    )
    return {
        "state": state,
        "text": text,
        "confirmation": french.phrase_confirmation(confirmed_on) if state != "unknown" else "",
    }
