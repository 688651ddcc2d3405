import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from monenfant.audit.services import audit

from .availability import Cell, stored_places
from .enums import HalfDay, SlotStatus
from .models import AvailabilityToken, ClosurePeriod, HalfDayAvailability, Structure

# Recognisable in a leaked configuration file or a secret scanner.
TOKEN_PREFIX = "mef_"


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


@transaction.atomic
def structure_availability_set(
    *,
    structure: Structure,
    dates: Iterable[datetime.date],
    cells: Iterable[Cell],
    source: str,
    **audit_data,
) -> None:
    """Publish the availability of these dates at once (no CAF validation, seed 000 « Mise à
    jour »): their half-days are replaced by `cells` (already checked with
    availability.cell_errors), a half-day left out is « Non travaillé ». The structure's
    confirmation date, free-date summary and search row follow in the same transaction.
    `source`: "form" or "api" (the data exchange), kept in the audit entry."""
    dates = sorted(set(dates))
    given = {(cell.date, cell.half_day): cell for cell in cells}
    structure.half_day_availabilities.filter(date__in=dates).delete()
    rows = []
    for day in dates:
        for half_day in HalfDay.values:
            cell = given.get((day, half_day)) or Cell(day, half_day, SlotStatus.NOT_WORKED)
            rows.append(
                HalfDayAvailability(
                    structure=structure,
                    date=day,
                    half_day=half_day,
                    status=cell.status,
                    places=stored_places(cell.status, cell.places),
                )
            )
    HalfDayAvailability.objects.bulk_create(rows)
    structure.availability_confirmed_on = timezone.localdate()
    # One save: the summary columns, the confirmation date and updated_at (the open data's
    # modified_since), whose post_save signal rewrites the search row.
    structure.refresh_free_dates(also_save=["availability_confirmed_on", "updated_at"])
    audit(
        "structure_availability_set",
        target=structure,
        source=source,
        first_date=dates[0].isoformat() if dates else None,
        last_date=dates[-1].isoformat() if dates else None,
        available_half_days=sum(1 for r in rows if r.status == SlotStatus.AVAILABLE),
        **audit_data,
    )


def hash_token(raw: str) -> str:
    # The token is 32 random bytes: a plain SHA-256 is enough (nothing to guess by brute force).
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def availability_token_create(*, structure: Structure, created_by) -> str:
    """A new data-exchange token for the structure, returned once (only its hash is kept);
    the previous one stops working."""
    structure.availability_tokens.active().update(revoked_at=timezone.now())
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AvailabilityToken.objects.create(
        structure=structure,
        token_hash=hash_token(raw),
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        created_by=created_by,
    )
    audit("availability_token_created", target=structure, token_id=token.pk)
    return raw


@transaction.atomic
def availability_token_revoke(*, structure: Structure) -> int:
    """Stop the structure's active token; returns how many were revoked (0 or 1)."""
    revoked = structure.availability_tokens.active().update(revoked_at=timezone.now())
    if revoked:
        audit("availability_token_revoked", target=structure)
    return revoked
