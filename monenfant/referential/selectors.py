import re

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from monenfant.utils.text import normalize_search_text

from .models import Commune

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
INSEE_CODE = re.compile(r"^(\d{2}|2[ab]|\d{3})\d{2,3}$", re.IGNORECASE)
POSTAL_CODE_PREFIX = re.compile(r"^\d{2,5}$")
POSTAL_CODE = re.compile(r"^\d{5}$")


class CommuneQueryError(ValueError):
    """The look-up text cannot be searched; the message is for the user."""


def _prefix_filter(field: str, prefix: str) -> dict:
    if connection.vendor == "postgresql":
        # Served by the varchar_pattern_ops index.
        return {f"{field}__startswith": prefix}
    # SQLite's LIKE is case-insensitive and skips the index; a range on the column does not.
    return {f"{field}__gte": prefix, f"{field}__lt": prefix + "\uffff"}


def search_communes(text: str, *, limit: int = 10) -> list[Commune]:
    """Communes whose name starts with the text (accents and case ignored), whose postal code
    starts with it, or whose INSEE code is it; the exact code first, then the most populated."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise CommuneQueryError(
            _("Saisissez au plus %(count)s caractères.") % {"count": MAX_QUERY_LENGTH}
        )
    query = normalize_search_text(text)
    if len(query) < MIN_QUERY_LENGTH:
        raise CommuneQueryError(
            _("Saisissez au moins %(count)s caractères du nom ou du code postal.")
            % {"count": MIN_QUERY_LENGTH}
        )
    communes = Commune.objects.with_departement()
    if POSTAL_CODE_PREFIX.match(query) or INSEE_CODE.match(query):
        # People type postal codes: the communes of a postal code come first, the commune
        # whose INSEE code it is only after them (16100 is Cognac's postal code and the INSEE
        # code of Chirac).
        code = query.upper()
        by_postal_code = list(
            communes.filter(**_prefix_filter("postal_code_rows__code", code))
            .distinct()
            .order_by("-population", "name")[:limit]
        )
        if INSEE_CODE.match(query) and len(by_postal_code) < limit:
            found = {commune.pk for commune in by_postal_code}
            by_postal_code += [c for c in communes.filter(insee_code=code) if c.pk not in found]
        return by_postal_code
    return list(
        communes.filter(
            Q(**_prefix_filter("search_name", query))
            | Q(**_prefix_filter("search_name_without_article", query))
        )
        .annotate(
            exact=Case(
                When(Q(search_name=query) | Q(search_name_without_article=query), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("exact", "-population", "name")[:limit]
    )


def communes_with_postal_code(code: str) -> list[Commune]:
    """The communes a postal code serves, the most populated first: in practice the one
    that gives the code its delivery office name (16100: Cognac, then Châteaubernard…)."""
    return list(
        Commune.objects.with_departement()
        .filter(postal_code_rows__code=code)
        .order_by("-population", "name")
    )


def commune_with_insee_code(code: str) -> Commune | None:
    return Commune.objects.with_departement().filter(insee_code=code.upper()).first()
