import datetime

from django.db import transaction

from monenfant.audit.services import audit

from .models import ClosurePeriod, Structure


@transaction.atomic
def structure_declare_closure(
    *,
    structure: Structure,
    starts_on: datetime.date,
    ends_on: datetime.date,
    label: str = "",
) -> ClosurePeriod:
    """Declare days when the structure is closed: their half-days stop offering places."""
    closure = ClosurePeriod.objects.create(
        structure=structure, starts_on=starts_on, ends_on=ends_on, label=label
    )
    structure.refresh_free_dates()
    audit(
        "structure_closure_declared",
        target=structure,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return closure
