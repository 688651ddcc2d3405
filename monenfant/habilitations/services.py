"""Writes of habilitations: the public request, its validation by the CAF, the changes of a
manager's structures and persons, and revocation (seed 000 Proc « Habilitation », St-F2, F3,
F7). Atomic, one audit entry each, e-mails through the outbox."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.accounts.enums import AccountKind
from monenfant.accounts.services import password_creation_link_send
from monenfant.audit.services import audit
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from . import notifications
from .enums import HabilitationRequestKind, ManagerStatus
from .models import (
    Habilitation,
    HabilitationRequest,
    HabilitationRequestPerson,
    Manager,
    ManagerPerson,
)

IDENTITY_FIELDS = (
    "name",
    "siret",
    "address",
    "postal_code",
    "city",
    "contact_first_name",
    "contact_last_name",
    "contact_function",
    "contact_email",
    "contact_phone",
)


class HabilitationError(TransitionError):
    """A refused habilitation write; the message is French and shown on the page."""


@transaction.atomic
def habilitation_request_submit(
    *, caf, kind, identity: dict, structures, persons: list[dict], communes=()
) -> HabilitationRequest:
    """Record a manager's public request, acknowledge it (#14) and tell the CAF's approvers
    (#15)."""
    request = HabilitationRequest.objects.create(
        caf=caf, kind=kind, **{name: identity[name] for name in IDENTITY_FIELDS}
    )
    request.structures.set(structures)
    if kind == HabilitationRequestKind.ONLINE_DESK:
        request.communes.set(communes)
    HabilitationRequestPerson.objects.bulk_create(
        HabilitationRequestPerson(
            request=request,
            first_name=p["first_name"],
            last_name=p["last_name"],
            email=p["email"].strip().lower(),
            function=p["function"],
        )
        for p in persons
    )
    audit("habilitation_request_submitted", target=request, actor=None, caf_code=caf.code)
    transaction.on_commit(lambda: notifications.habilitation_request_received(request))
    return request


def _person_account(*, first_name, last_name, email):
    """The account of a person to habilitate, created when there is none. Returns (user,
    needs_password): a new or deactivated account chooses its password through the 6-day link
    (decision D4)."""
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            first_name=first_name,
            last_name=last_name,
            kind=AccountKind.HABILITATED_PERSON,
        )
        return user, True
    if user.kind != AccountKind.HABILITATED_PERSON:
        raise HabilitationError(
            _(
                "L'adresse %(email)s est celle d'un compte d'une autre nature (agent ou "
                "assistant maternel) : demandez une autre adresse au gestionnaire."
            )
            % {"email": email}
        )
    if not user.is_active:
        user.is_active = True
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        return user, True
    return user, not user.has_usable_password()


def _end_access(user_ids) -> list[int]:
    """Deactivate the habilitated persons among `user_ids` left with no habilitation, and end
    their open sessions at once (seed 000 St-F7). Returns their ids."""
    User = get_user_model()
    orphans = list(
        User.objects.filter(pk__in=user_ids, kind=AccountKind.HABILITATED_PERSON, is_active=True)
        .exclude(habilitations__isnull=False)
        .values_list("pk", flat=True)
    )
    if not orphans:
        return []
    User.objects.filter(pk__in=orphans).update(is_active=False)
    wanted = {str(pk) for pk in orphans}
    # Sessions live 30 minutes (settings), so the unexpired ones are few.
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") in wanted
    ]
    Session.objects.filter(pk__in=stale).delete()
    return orphans


def _sync(manager) -> tuple[set[int], set[int]]:
    """Make the manager's Habilitation rows the product of its persons and structures (none
    once revoked). Returns (ids of persons who gained a structure, ids who lost one)."""
    if manager.status == ManagerStatus.HABILITATED:
        person_ids = set(manager.persons.values_list("person_id", flat=True))
        structure_ids = set(manager.structures.values_list("pk", flat=True))
        wanted = {(p, s) for p in person_ids for s in structure_ids}
    else:
        wanted = set()
    current = set(
        Habilitation.objects.filter(manager=manager).values_list("person_id", "structure_id")
    )
    gone = current - wanted
    for person_id, structure_id in gone:
        Habilitation.objects.filter(
            manager=manager, person_id=person_id, structure_id=structure_id
        ).delete()
    # A pair already granted by another manager stays that manager's.
    taken = set(
        Habilitation.objects.filter(
            person_id__in={p for p, _s in wanted}, structure_id__in={s for _p, s in wanted}
        ).values_list("person_id", "structure_id")
    )
    new = wanted - taken
    Habilitation.objects.bulk_create(
        Habilitation(manager=manager, person_id=p, structure_id=s) for p, s in new
    )
    return {p for p, _s in new}, {p for p, _s in gone}


def _welcome(users_needing_password, users_notified, actor):
    for user in users_needing_password:
        password_creation_link_send(user=user, actor=actor)
    for user in users_notified:
        notifications.person_habilitated(user)


@transaction.atomic
def habilitation_request_transition(*, habilitation_request, name: str, actor):
    """« Convention envoyée » and « Rejeter habilitation »; validation has its own service."""
    if name == "validate":
        return habilitation_request_validate(habilitation_request=habilitation_request, actor=actor)
    return transition_apply(obj=habilitation_request, name=name, actor=actor)


@transaction.atomic
def habilitation_request_validate(*, habilitation_request, actor):
    """« Valider habilitation »: the manager (found by its contact e-mail in the CAF, or
    created) gets the structures and persons; an account is created for every person who has
    none and receives its password-creation link (#17); the manager is told (#16). An online
    desk request switches the points' desk on for its communes."""
    request = habilitation_request
    log = transition_apply(obj=request, name="validate", actor=actor)
    manager = (
        Manager.objects.select_for_update()
        .filter(
            caf=request.caf,
            contact_email__iexact=request.contact_email,
            status=ManagerStatus.HABILITATED,
        )
        .first()
    )
    if manager is None:
        manager = Manager.objects.create(
            caf=request.caf, **{name: getattr(request, name) for name in IDENTITY_FIELDS}
        )
    structures = list(request.structures.all())
    manager.structures.add(*structures)
    needing_password = []
    for p in request.persons.all():
        user, needs_password = _person_account(
            first_name=p.first_name, last_name=p.last_name, email=p.email
        )
        ManagerPerson.objects.get_or_create(
            manager=manager, person=user, defaults={"function": p.function}
        )
        if needs_password:
            needing_password.append(user)
    if request.kind == HabilitationRequestKind.ONLINE_DESK:
        communes = list(request.communes.all())
        for structure in structures:
            structure.online_desk = True
            structure.save(update_fields=["online_desk", "updated_at"])
            structure.communes_served.add(*communes)
    request.manager = manager
    request.save(update_fields=["manager", "updated_at"])
    gained, _lost = _sync(manager)
    password_ids = {u.pk for u in needing_password}
    notified = get_user_model().objects.filter(pk__in=gained - password_ids)
    _welcome(needing_password, notified, actor)
    return log


@transaction.atomic
def manager_update(*, manager, actor, identity: dict, structures, persons: list[dict]) -> Manager:
    """« Enregistrer modifications » (St-F3): identity, structures and persons as given.
    Persons added receive their account e-mail (#17, or #18 when they have an account);
    persons removed and left with no habilitation lose their account."""
    manager = Manager.objects.select_for_update().get(pk=manager.pk)
    if manager.status != ManagerStatus.HABILITATED:
        raise HabilitationError(_("Ce gestionnaire est révoqué : il ne peut plus être modifié."))
    for name in IDENTITY_FIELDS:
        setattr(manager, name, identity[name])
    manager.save()
    manager.structures.set(structures)
    needing_password, kept = [], set()
    for p in persons:
        user, needs_password = _person_account(
            first_name=p["first_name"], last_name=p["last_name"], email=p["email"]
        )
        member, created = ManagerPerson.objects.get_or_create(
            manager=manager, person=user, defaults={"function": p["function"]}
        )
        if not created and member.function != p["function"]:
            member.function = p["function"]
            member.save(update_fields=["function"])
        kept.add(user.pk)
        # Only newcomers are written to: a saved form must not resend anything.
        if created and needs_password:
            needing_password.append(user)
    removed = set(manager.persons.exclude(person_id__in=kept).values_list("person_id", flat=True))
    manager.persons.filter(person_id__in=removed).delete()
    gained, lost = _sync(manager)
    ended = _end_access(lost | removed)
    password_ids = {u.pk for u in needing_password}
    _welcome(
        needing_password,
        get_user_model().objects.filter(pk__in=gained - password_ids),
        actor,
    )
    audit(
        "manager_updated",
        target=manager,
        actor=actor,
        caf_code=manager.caf.code,
        persons_removed=sorted(removed),
        accounts_closed=ended,
    )
    return manager


@transaction.atomic
def add_structure_to_existing_habilitation(*, manager, structure, actor) -> Manager:
    """A structure created for a manager already under convention joins its habilitation
    (seed 000 St-F1 « Point d'attention », St-F3): every person of the manager gets it."""
    manager = Manager.objects.select_for_update().get(pk=manager.pk)
    if manager.status != ManagerStatus.HABILITATED:
        raise HabilitationError(_("Ce gestionnaire est révoqué : il ne peut plus être modifié."))
    if structure.caf_id != manager.caf_id:
        raise HabilitationError(_("Cette structure relève d'une autre Caf que le gestionnaire."))
    manager.structures.add(structure)
    gained, _lost = _sync(manager)
    _welcome([], get_user_model().objects.filter(pk__in=gained, is_active=True), actor)
    audit(
        "manager_structure_added",
        target=manager,
        actor=actor,
        caf_code=manager.caf.code,
        structure=structure.pk,
    )
    return manager


@transaction.atomic
def manager_revoke(*, manager, actor, comment: str = "") -> list[int]:
    """« Révoquer le gestionnaire » (St-F7): its habilitations are removed; persons left with
    none lose their account and their open sessions end at once. Returns their ids."""
    manager = Manager.objects.select_for_update().get(pk=manager.pk)
    if manager.status == ManagerStatus.REVOKED:
        raise HabilitationError(_("Ce gestionnaire est déjà révoqué."))
    manager.status = ManagerStatus.REVOKED
    manager.caf_comment = comment.strip()
    manager.save(update_fields=["status", "caf_comment", "updated_at"])
    _gained, lost = _sync(manager)
    ended = _end_access(lost | set(manager.persons.values_list("person_id", flat=True)))
    audit(
        "manager_revoked",
        target=manager,
        actor=actor,
        caf_code=manager.caf.code,
        comment=manager.caf_comment,
        accounts_closed=ended,
    )
    return ended


@transaction.atomic
def caf_approvers_mailbox_set(*, caf, actor, address: str):
    """The national administrator sets a CAF's « BALF Approbateurs » (e-mails #15, #19)."""
    old = caf.mailbox_approvers
    caf.mailbox_approvers = address.strip().lower()
    caf.save(update_fields=["mailbox_approvers"])
    audit(
        "caf_approvers_mailbox_set",
        target=caf,
        actor=actor,
        caf_code=caf.code,
        old=old,
        new=caf.mailbox_approvers,
    )
