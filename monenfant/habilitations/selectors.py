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
