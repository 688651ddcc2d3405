import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.audit.services import audit
from monenfant.search.services import refresh_search_entries
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from .availability import Cell, stored_places
from .enums import HalfDay, SlotStatus, StructureKind, StructureStatus
from .models import (
    AvailabilityToken,
    ClosurePeriod,
    HalfDayAvailability,
    OpeningPeriod,
    RevisionOutcome,
    ServedCommune,
    Structure,
    StructureRevision,
)
from .selectors import published_values, revision_proposal

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


# Fields copied from an RPE to the LINF it asks for (the sheets may then differ: S3).
_LINF_COPIED_FIELDS = (
    "name",
    "address",
    "postal_code",
    "commune",
    "caf",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "manager_name",
    "director_name",
    "presentation",
)


def _set_periods(structure: Structure, periods) -> bool:
    """Replace the opening ranges; True if they changed."""
    before = sorted((p.weekday, p.opens_at, p.closes_at) for p in structure.opening_periods.all())
    after = sorted((int(d), o, c) for d, o, c in periods)
    if before == after:
        return False
    structure.opening_periods.all().delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(structure=structure, weekday=d, opens_at=o, closes_at=c) for d, o, c in after
    )
    structure.refresh_opening_days()
    return True


def _set_communes(structure: Structure, communes) -> bool:
    """Replace the communes served, in order; True if the list or its order changed."""
    before = [link.commune_id for link in structure.served_links.order_by("position", "id")]
    after = [c.pk for c in communes]
    if before == after:
        return False
    structure.served_links.all().delete()
    ServedCommune.objects.bulk_create(
        ServedCommune(structure=structure, commune_id=pk, position=i) for i, pk in enumerate(after)
    )
    # The served communes are in the search index (a bulk write: no signal).
    refresh_search_entries(structure_ids=[structure.pk])
    return True


@transaction.atomic
def structure_save(
    *,
    structure: Structure,
    changed_fields: list[str],
    periods=None,
    communes=None,
    publish: bool = False,
    actor,
    acting_as=None,
) -> Structure:
    """Create or edit a structure as filled in by the CAF (the form has set its fields):
    saved at once, no e-mail (seed 000 « Mise à jour »: a CAF agent's edits go online at
    once). A draft stays « En cours de création » unless `publish`, which puts it online
    (transition "publish"). One audit entry names the fields changed."""
    created = structure.pk is None
    if created or "commune" in changed_fields:
        # No geocoding of the address: the sheet is placed at its commune.
        structure.latitude = structure.commune.latitude
        structure.longitude = structure.commune.longitude
    structure.save()
    changed = list(changed_fields)
    if periods is not None and _set_periods(structure, periods):
        changed.append("opening_periods")
    if communes is not None and _set_communes(structure, communes):
        changed.append("communes_served")
    audit(
        "structure_created" if created else "structure_updated",
        target=structure,
        actor=actor,
        acting_as=acting_as,
        caf_code=structure.caf.code,
        kind=structure.kind,
        fields=sorted(set(changed)),
    )
    if publish and structure.status == StructureStatus.DRAFT:
        transition_apply(obj=structure, name="publish", actor=actor, acting_as=acting_as)
        structure.refresh_from_db()
    if (
        structure.kind == StructureKind.RPE
        and structure.status == StructureStatus.VALIDATED
        and structure.linf_requested
        and structure.online_desk
    ):
        _create_linked_linf(structure, actor=actor, acting_as=acting_as)
    return structure


def _create_linked_linf(rpe: Structure, *, actor, acting_as) -> Structure | None:
    """The LINF an RPE asked for (seed 000 B5: « deux structures créées »), once. Its own
    sheet, published with the RPE; its online desk stays off until the CAF records the
    contract and convention dates on it."""
    if Structure.objects.filter(linked_rpe=rpe).exists():
        return None
    linf = Structure(
        kind=StructureKind.LINF,
        linked_rpe=rpe,
        **{name: getattr(rpe, name) for name in _LINF_COPIED_FIELDS},
    )
    linf.save()
    _set_periods(linf, [(p.weekday, p.opens_at, p.closes_at) for p in rpe.opening_periods.all()])
    _set_communes(linf, rpe.served_communes)
    audit(
        "structure_created",
        target=linf,
        actor=actor,
        acting_as=acting_as,
        caf_code=rpe.caf.code,
        kind=linf.kind,
        linked_rpe=rpe.pk,
    )
    transition_apply(obj=linf, name="publish", actor=actor, acting_as=acting_as)
    return linf


@transaction.atomic
def structure_delete(*, structure: Structure, actor, acting_as=None) -> None:
    """Delete a structure for good (seed 000 St-F6, CAF only, any state): it leaves the
    public site and the search index (signal), and its managers' habilitations (cascade)."""
    audit(
        "structure_deleted",
        target=structure,
        actor=actor,
        acting_as=acting_as,
        caf_code=structure.caf.code,
        kind=structure.kind,
        name=structure.name,
        status=structure.status,
    )
    structure.delete()


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


# --- A manager's changes, validated by the CAF (seed 000 St-F5, decision D10) ---------------


def _lock_open_revision(structure: Structure) -> StructureRevision:
    revision = (
        StructureRevision.objects.select_for_update()
        .filter(structure=structure, closed_at__isnull=True)
        .first()
    )
    if revision is None:
        raise TransitionError(_("Aucune modification de cette fiche n'attend de validation."))
    return revision


@transaction.atomic
def structure_revision_submit(
    *,
    structure: Structure,
    values: dict,
    periods=None,
    communes=None,
    actor,
    acting_as=None,
) -> StructureRevision:
    """A habilitated person's changes to a published sheet (its fields, opening ranges and
    communes served): stored as a revision, nothing written on the sheet; it goes « En
    attente de validation » (the CAF's approvers are e-mailed, #19) and its published version
    stays online. Refused while earlier changes wait for the CAF."""
    locked = Structure.objects.select_for_update().get(pk=structure.pk)
    if locked.status == StructureStatus.PENDING:
        raise TransitionError(
            _(
                "Vos modifications précédentes attendent la validation de la Caf : vous "
                "pourrez modifier la fiche de nouveau une fois qu'elle les aura validées ou "
                "refusées."
            )
        )
    if locked.status != StructureStatus.VALIDATED:
        raise TransitionError(
            _("La Caf n'a pas encore mis cette fiche en ligne : elle ne peut pas être modifiée.")
        )
    revision = StructureRevision.objects.create(
        structure=locked,
        author=acting_as or actor,
        proposed=revision_proposal(values=values, periods=periods, communes=communes),
    )
    # Created before the transition's save: pending with an open revision stays public, so
    # the search entry rewritten by that save keeps the sheet.
    transition_apply(
        obj=locked,
        name="submit",
        actor=actor,
        acting_as=acting_as,
        data={"revision": revision.pk},
    )
    return revision


@transaction.atomic
def structure_revision_validate(
    *,
    structure: Structure,
    values: dict,
    periods=None,
    communes=None,
    actor,
    acting_as=None,
) -> StructureRevision:
    """« Valider les modifications » (seed 000 St-F5). `structure` carries the values as the
    CAF corrected them (its model form has set them); they are saved with the ranges and
    communes by structure_save, so the sheet and the search show them at once, and the
    author is e-mailed (#20)."""
    revision = _lock_open_revision(structure)
    # Compared with the row as published (the instance already holds the new values).
    final = revision_proposal(values=values, periods=periods, communes=communes)
    published = published_values(Structure.objects.get(pk=structure.pk), final)
    changed = [name for name, value in final.items() if value != published[name]]
    structure_save(
        structure=structure,
        changed_fields=[name for name in changed if name in values],
        periods=periods,
        communes=communes,
        actor=actor,
        acting_as=acting_as,
    )
    # After the save, so that the e-mail (#20) names the sheet as published. A refusal
    # (no right in this CAF) rolls the save back.
    transition_apply(
        obj=structure,
        name="validate",
        actor=actor,
        acting_as=acting_as,
        data={"revision": revision.pk, "changed": changed},
    )
    revision.closed_at = timezone.now()
    revision.outcome = RevisionOutcome.VALIDATED
    revision.decided_by = acting_as or actor
    revision.save(update_fields=["closed_at", "outcome", "decided_by"])
    return revision


@transaction.atomic
def structure_revision_reject(
    *, structure: Structure, reason: str, actor, acting_as=None
) -> StructureRevision:
    """« Refuser les modifications » (decision D10): nothing applied; the mandatory reason is
    e-mailed to the author (#26), who may edit the sheet again."""
    revision = _lock_open_revision(structure)
    log = transition_apply(
        obj=structure,
        name="reject_changes",
        actor=actor,
        acting_as=acting_as,
        reason=reason,
        data={"revision": revision.pk},
    )
    revision.closed_at = timezone.now()
    revision.outcome = RevisionOutcome.REJECTED
    revision.decided_by = acting_as or actor
    revision.reason = log.reason
    revision.save(update_fields=["closed_at", "outcome", "decided_by", "reason"])
    return revision
