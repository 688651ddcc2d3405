"""The CAF's writes on the childminder register (seed 000 AM-F3 to AM-F7, lifecycle spec A5).

Radiation and suspension go through the workflow (monenfant.workflows: transition log, audit
entry, e-mail on commit). Saving a Childminder refreshes its search row (search.signals), so
what parents find follows every action at once.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.audit.models import AuditEntry
from monenfant.audit.services import audit
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from .enums import ChildminderStatus
from .models import Childminder, ModerationRequest

# Seed 000 AM-F4: « Il est possible de lever la radiation … jusqu'à 30 jours après la
# radiation. Au-delà de 30 jours, il est uniquement possible d'autoriser … à se réinscrire. »
RADIATION_UNDO_PERIOD = datetime.timedelta(days=30)

# Seed 000 AM-F6 (deletion): from these states only; AM-F4 « Autoriser l'inscription » erases
# a radiated childminder the same way once the radiation can no longer be lifted.
DELETABLE_STATES = frozenset({ChildminderStatus.VALIDATED, ChildminderStatus.AWAITING_INFORMATION})

# Fields the « Modifier » screen writes (seed 000 AM-F3): identity and address of the place
# of care. Birth names are for CAF administrators only.
AGENT_IDENTITY_FIELDS = ("first_names", "usage_name")
ADMIN_IDENTITY_FIELDS = ("birth_name",)
ADDRESS_FIELDS = ("address", "postal_code", "commune")


def radiation_can_be_lifted(childminder: Childminder, *, now=None) -> bool:
    """True while « Lever la radiation » is allowed: radiated less than 30 days ago."""
    if childminder.status != ChildminderStatus.RADIATED or childminder.radiated_at is None:
        return False
    return (now or timezone.now()) <= childminder.radiated_at + RADIATION_UNDO_PERIOD


def _locked(childminder: Childminder) -> Childminder:
    return (
        # Only the childminder's row: PostgreSQL cannot lock the nullable side of the join.
        Childminder.objects.select_for_update(of=("self",))
        .select_related("user", "caf", "commune")
        .get(pk=childminder.pk)
    )


def _set_account_active(childminder: Childminder, active: bool) -> None:
    """A radiated childminder cannot log in (and an open session ends: Django's backend drops
    inactive users); lifting the radiation gives the account back."""
    user = childminder.user
    if user is not None and user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])


@transaction.atomic
def childminder_radiate(*, childminder: Childminder, actor, acting_as=None, data=None):
    """« Radier » (AM-F4): hidden from parents, no login, e-mail #10."""
    log = transition_apply(
        obj=childminder, name="radiate", actor=actor, acting_as=acting_as, data=data
    )
    locked = _locked(childminder)
    locked.radiated_at = log.created_at
    locked.save(update_fields=["radiated_at", "updated_at"])
    _set_account_active(locked, False)
    childminder.radiated_at = locked.radiated_at
    return log


@transaction.atomic
def childminder_lift_radiation(*, childminder: Childminder, actor, acting_as=None, data=None):
    """« Lever la radiation » (AM-F4): within 30 days; the account comes back (e-mail #11)."""
    locked = _locked(childminder)
    if locked.status == ChildminderStatus.RADIATED and not radiation_can_be_lifted(locked):
        raise TransitionError(
            _(
                "La radiation date de plus de 30 jours : elle ne peut plus être levée. "
                "Seule « Autoriser l'inscription » reste possible."
            )
        )
    log = transition_apply(
        obj=childminder, name="lift_radiation", actor=actor, acting_as=acting_as, data=data
    )
    locked.refresh_from_db()
    locked.radiated_at = None
    locked.save(update_fields=["radiated_at", "updated_at"])
    _set_account_active(locked, True)
    childminder.radiated_at = None
    return log


@transaction.atomic
def childminder_suspend(*, childminder: Childminder, actor, acting_as=None, data=None):
    """« Suspendre » (AM-F5): hidden from parents, the space is read-only (e-mail #12)."""
    return transition_apply(
        obj=childminder, name="suspend", actor=actor, acting_as=acting_as, data=data
    )


@transaction.atomic
def childminder_lift_suspension(*, childminder: Childminder, actor, acting_as=None, data=None):
    """« Lever la suspension » (AM-F5): visible again, full space (e-mail #13)."""
    return transition_apply(
        obj=childminder, name="lift_suspension", actor=actor, acting_as=acting_as, data=data
    )


def _erase(locked: Childminder, *, action: str, actor, acting_as, data) -> AuditEntry:
    """Erase the childminder, its documents (deleted with the row: files.signals) and its
    account, and anonymise what the audit log said about them. One anonymised entry stays."""
    pk, user, caf_code = locked.pk, locked.user, locked.caf.code
    from_state = locked.status
    # Its registration and renewal requests hold the identity typed and the licence documents.
    requests = ModerationRequest.objects.filter(childminder=locked)
    if user is not None:
        requests = requests | ModerationRequest.objects.filter(user=user)
    for request in requests:
        request.delete()
    locked.delete()
    anonymous = _("Assistant maternel supprimé n°%(id)s") % {"id": pk}
    AuditEntry.objects.filter(target_type="childminders.childminder", target_id=str(pk)).update(
        target_repr=anonymous
    )
    if user is not None:
        AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk)).update(
            target_repr=anonymous
        )
        user.delete()
    return audit(
        action,
        actor=actor,
        acting_as=acting_as,
        caf_code=caf_code,
        childminder_id=pk,
        from_state=from_state,
        **(data or {}),
    )


@transaction.atomic
def childminder_delete(*, childminder: Childminder, actor, acting_as=None, data=None):
    """« Supprimer » (AM-F6, e.g. « cessation définitive d'activité »): irreversible; the
    person must register again. No e-mail (the seed names none)."""
    locked = _locked(childminder)
    if locked.status not in DELETABLE_STATES:
        raise TransitionError(
            _("« Supprimer » est impossible : l'état est « %(state)s ».")
            % {"state": locked.get_status_display()}
        )
    return _erase(locked, action="childminder_deleted", actor=actor, acting_as=acting_as, data=data)


@transaction.atomic
def childminder_allow_registration(*, childminder: Childminder, actor, acting_as=None):
    """« Autoriser l'inscription » (AM-F4), more than 30 days after the radiation: the radiated
    record and its account are erased, so the e-mail address is free to register again
    (registration refuses an address only while a radiated childminder holds it)."""
    locked = _locked(childminder)
    if locked.status != ChildminderStatus.RADIATED or radiation_can_be_lifted(locked):
        raise TransitionError(
            _("« Autoriser l'inscription » n'est possible que plus de 30 jours après la radiation.")
        )
    return _erase(
        locked,
        action="childminder_registration_allowed",
        actor=actor,
        acting_as=acting_as,
        data=None,
    )


@transaction.atomic
def childminder_update(
    *, childminder: Childminder, actor, acting_as=None, changes: dict, birth_names: bool
) -> Childminder:
    """« Modifier » (AM-F3): identity and address of the place of care; no e-mail. `changes`
    holds cleaned values; birth names are written only when `birth_names` (administrators).
    A new commune moves the point to its town hall: the exact address is not geocoded."""
    locked = _locked(childminder)
    if locked.status != ChildminderStatus.VALIDATED:
        raise TransitionError(
            _("« Modifier » est impossible : l'état est « %(state)s ».")
            % {"state": locked.get_status_display()}
        )
    allowed = AGENT_IDENTITY_FIELDS + ADDRESS_FIELDS
    if birth_names:
        allowed += ADMIN_IDENTITY_FIELDS
    changed = {}
    for name in allowed:
        if name in changes and getattr(locked, name) != changes[name]:
            before = getattr(locked, name)
            changed[name] = [str(before), str(changes[name])]
            setattr(locked, name, changes[name])
    if "commune" in changed:
        locked.latitude, locked.longitude = locked.commune.latitude, locked.commune.longitude
    if changed:
        locked.save()
        audit(
            "childminder_updated",
            target=locked,
            actor=actor,
            acting_as=acting_as,
            caf_code=locked.caf.code,
            fields=sorted(changed),
        )
    return locked
