from monenfant.structures.enums import StructureKind

from .models import Habilitation


def habilitated_structure_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Habilitation.objects.filter(person=user).values_list("structure_id", flat=True))


def served_commune_ids(user) -> set[int]:
    """Communes served by the information points (LINF, or an RPE with an online desk) the
    person is habilitated for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    from monenfant.structures.models import Structure

    points = Structure.objects.filter(habilitations__person=user).filter(
        kind=StructureKind.LINF
    ) | Structure.objects.filter(habilitations__person=user, online_desk=True)
    return set(
        Structure.communes_served.through.objects.filter(
            structure_id__in=points.values("pk")
        ).values_list("commune_id", flat=True)
    )


def is_habilitated_for(user, structure) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Habilitation.objects.filter(person=user, structure=structure).exists()
    )


REQUEST_SORTS = {
    "date": ("created_at", "pk"),
    "-date": ("-created_at", "-pk"),
    "nom": ("name", "pk"),
    "-nom": ("-name", "-pk"),
    "etat": ("status", "-created_at"),
    "-etat": ("-status", "-created_at"),
}
MANAGER_SORTS = {
    "nom": ("name", "pk"),
    "-nom": ("-name", "-pk"),
    "date": ("created_at", "pk"),
    "-date": ("-created_at", "-pk"),
}


def _keyword(queryset, keyword: str):
    from monenfant.utils.text import normalize_search_text

    for word in normalize_search_text(keyword or "").split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def habilitation_requests_list(queryset, *, status: str, keyword: str, sort: str):
    """The CAF's requests (queryset already scoped) filtered as « Gestion des demandes
    d'habilitation des structures » shows them."""
    from django.db.models import Count

    if status:
        queryset = queryset.filter(status=status)
    queryset = _keyword(queryset, keyword)
    return queryset.annotate(
        structure_count=Count("structures", distinct=True),
        person_count=Count("persons", distinct=True),
    ).order_by(*REQUEST_SORTS.get(sort, REQUEST_SORTS["-date"]))


def managers_list(queryset, *, status: str, kinds, keyword: str, sort: str):
    """« Modification des habilitations des gestionnaires »: filters « Etat gestionnaire »,
    types of structures, « Mot clé » (case and accents ignored)."""
    from django.db.models import Count

    if status:
        queryset = queryset.filter(status=status)
    if kinds:
        queryset = queryset.filter(
            pk__in=queryset.model.structures.through.objects.filter(
                structure__kind__in=kinds
            ).values("manager_id")
        )
    queryset = _keyword(queryset, keyword)
    return queryset.annotate(
        structure_count=Count("structures", distinct=True),
        person_count=Count("persons", distinct=True),
    ).order_by(*MANAGER_SORTS.get(sort, MANAGER_SORTS["nom"]))
