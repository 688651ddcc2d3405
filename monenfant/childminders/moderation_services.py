"""Writes of the registration, renewal and moderation of childminders (seed 000 « Processus
Inscription », « Renouvellement d'agrément », AM-F1; decisions D1 and D7).

Each service is atomic and writes one audit entry: the workflow transition's (transition_apply
audits it), or its own when no transition happens. E-mails leave after commit (the workflow's
notify)."""

from datetime import date, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monenfant.accounts.enums import AccountKind
from monenfant.audit.services import audit
from monenfant.files.services import private_file_store
from monenfant.referential.models import Commune, Departement
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError

from .enums import (
    ChildminderStatus,
    InformationReason,
    ModerationKind,
    ModerationStatus,
    RejectionReason,
)
from .identity import Identity, identity_verifier
from .models import Availability, Childminder, ModerationRequest
from .selectors import email_blocked_by_radiation

# Steps of a registration typed before the summary (seed 002 « parcours d'inscription »).
REGISTRATION_STEPS = ("identity", "contact", "licence", "profile")
# Purposes of the private files of a request.
LICENCE_DOCUMENT = "agrement"
TRAINING_CERTIFICATE = "attestation_formation"


class ModerationError(Exception):
    """A refused operation; the message is French and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def radiated_email_message() -> str:
    # Seed 000 AM-F1 (grounds of rejection) and AM-F4: a radiated childminder cannot register.
    return _(
        "Cette adresse électronique est celle d'un assistant maternel radié, qui ne peut donc "
        "pas se réinscrire. Rapprochez-vous de votre Caf."
    )


def _locked(moderation_request) -> ModerationRequest:
    return ModerationRequest.objects.select_for_update().get(pk=moderation_request.pk)


def _apply(locked, name, *, actor, reason="", data=None):
    try:
        transition_apply(obj=locked, name=name, actor=actor, reason=reason, data=data)
    except TransitionError as error:
        raise ModerationError(error.message) from None
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status_changed_at"])


def _mirror(locked, status):
    """Keep the childminder's status in step with its registration (the CAF lists filter on
    it). A renewal never changes it: the childminder stays public meanwhile (D7)."""
    if locked.kind == ModerationKind.REGISTRATION and locked.childminder_id:
        childminder = locked.childminder
        childminder.status = status
        # save(), not update(): the search index follows saves (monenfant.search.signals).
        childminder.save()


# Registration (public journey)


@transaction.atomic
def registration_start(*, email: str, password: str) -> ModerationRequest:
    """The initial step: the account (kind childminder) and its draft request."""
    email = email.strip().lower()
    if email_blocked_by_radiation(email):
        raise ModerationError(radiated_email_message())
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists():
        raise ModerationError(
            _(
                "Un compte existe déjà avec cette adresse électronique. Connectez-vous pour "
                "reprendre votre inscription."
            )
        )
    user = user_model.objects.create_user(email, password, kind=AccountKind.CHILDMINDER)
    moderation_request = ModerationRequest.objects.create(
        kind=ModerationKind.REGISTRATION, user=user, email=user.email
    )
    audit("childminder_registration_started", target=moderation_request, actor=user)
    return moderation_request


def _json_ready(values: dict) -> dict:
    def convert(value):
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, Commune):
            return value.insee_code
        if isinstance(value, Departement):
            return value.code
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return {key: convert(value) for key, value in values.items()}


def identity_check(values: dict):
    """The verifier's verdict on the identity step (IdentityCheck, errors per field)."""
    return identity_verifier().verify(
        Identity(
            birth_name=values["birth_name"],
            usage_name=values.get("usage_name", ""),
            first_names=values["first_names"],
            birth_date=values["birth_date"],
        ),
        today=timezone.localdate(),
    )


@transaction.atomic
def registration_step_save(
    *, moderation_request, step: str, values: dict, uploads=None, actor
) -> ModerationRequest:
    """Store one step of a draft registration (its private files too), so that a person who
    leaves half-way finds it again."""
    if step not in REGISTRATION_STEPS:
        raise ValueError(step)
    locked = _locked(moderation_request)
    if locked.status != ModerationStatus.DRAFT or locked.user_id != actor.pk:
        raise ModerationError(_("Cette demande a déjà été envoyée."))
    if step == "identity":
        check = identity_check(values)
        if not check.ok:
            raise ModerationError(_("L'identité saisie n'a pas pu être vérifiée."))
        locked.identity_check = check.as_dict()
        actor.first_name = values["first_names"].split(" ")[0]
        actor.last_name = values.get("usage_name") or values["birth_name"]
        actor.save(update_fields=["first_name", "last_name"])
    if step == "contact":
        locked.caf = values["commune"].caf
    locked.data = {
        **locked.data,
        step: _json_ready(values),
        "steps": sorted(set(locked.data.get("steps", [])) | {step}),
    }
    locked.save()
    for purpose, upload in (uploads or {}).items():
        if upload:
            private_file_store(upload=upload, owner=locked, purpose=purpose, actor=actor)
    audit("childminder_registration_step_saved", target=locked, actor=actor, step=step)
    return locked


def missing_steps(moderation_request) -> list[str]:
    done = set(moderation_request.data.get("steps", []))
    return [step for step in REGISTRATION_STEPS if step not in done]


def missing_documents(moderation_request) -> list[str]:
    """Purposes of the documents still required: the agrément, and for a first agrément the
    training certificate (seed 002)."""
    present = {f.purpose for f in moderation_request.documents.all()}
    required = [LICENCE_DOCUMENT]
    if moderation_request.data.get("licence", {}).get("first_licence"):
        required.append(TRAINING_CERTIFICATE)
    return [purpose for purpose in required if purpose not in present]


def _display_name(identity: dict) -> str:
    first = identity["first_names"].split(" ")[0]
    name = identity.get("usage_name") or identity["birth_name"]
    return f"{first} {name[:1].upper()}."


def _childminder_fields(data: dict) -> dict:
    identity, contact, licence, profile = (
        data["identity"],
        data["contact"],
        data["licence"],
        data["profile"],
    )
    commune = Commune.objects.select_related("departement__caf").get(insee_code=contact["commune"])
    days = [str(day) for day in profile.get("working_days", [])]
    hours = [[profile["works_from"], profile["works_until"]]] if days else []
    return {
        "display_name": _display_name(identity),
        "civility": identity.get("civility", ""),
        "birth_name": identity["birth_name"],
        "usage_name": identity.get("usage_name", ""),
        "first_names": identity["first_names"],
        "birth_date": date.fromisoformat(identity["birth_date"]),
        "address": contact["address"],
        "postal_code": contact["postal_code"],
        "commune": commune,
        "caf": commune.caf,
        # No geocoder is reachable: the place of care is placed at its commune until the
        # childminder or the CAF corrects it.
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "phone": contact["phone"],
        "other_phone": contact.get("other_phone", ""),
        "email": data.get("email", ""),
        "contact_modes": contact.get("contact_modes", []),
        "agrement_departement": Departement.objects.get(code=licence["departement"]),
        "agrement_starts_on": date.fromisoformat(licence["starts_on"]),
        "agrement_ends_on": date.fromisoformat(licence["ends_on"]),
        "capacity": licence["capacity"],
        "presentation": profile.get("presentation", ""),
        "place_description": profile.get("place_description", ""),
        "activities": profile.get("activities", []),
        "working_hours": dict.fromkeys(days, hours),
        "hourly_rate": Decimal(profile["hourly_rate"]) if profile.get("hourly_rate") else None,
    }


@transaction.atomic
def registration_submit(*, moderation_request, actor) -> ModerationRequest:
    """Step 3 → 4: the childminder is created (PENDING, not public) and the request goes to
    the moderators; e-mail 1 (thanks)."""
    locked = _locked(moderation_request)
    if locked.status != ModerationStatus.DRAFT:
        raise ModerationError(_("Cette demande a déjà été envoyée."))
    if missing_steps(locked):
        raise ModerationError(_("Complétez toutes les étapes avant d'envoyer votre demande."))
    if missing_documents(locked):
        raise ModerationError(_("Joignez les documents demandés avant d'envoyer votre demande."))
    if email_blocked_by_radiation(locked.email):
        raise ModerationError(radiated_email_message())
    fields = _childminder_fields({**locked.data, "email": locked.email})
    childminder = Childminder.objects.create(
        user=locked.user, status=ChildminderStatus.PENDING, **fields
    )
    locked.childminder = childminder
    locked.caf = childminder.caf
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["childminder", "caf", "submitted_at"])
    _apply(locked, "submit", actor=actor)
    return locked


# Renewal (from the validated childminder's space)


@transaction.atomic
def renewal_submit(*, childminder, values: dict, upload, actor) -> ModerationRequest:
    """A renewal of the agrément: the proposed data wait for moderation, the public keeps
    seeing the current ones (D7); e-mail 5."""
    if childminder.status != ChildminderStatus.VALIDATED:
        raise ModerationError(_("Seul un assistant maternel validé peut renouveler son agrément."))
    if ModerationRequest.objects.open().filter(childminder=childminder).exists():
        raise ModerationError(_("Une demande est déjà en cours de traitement."))
    commune = values["commune"]
    moderation_request = ModerationRequest.objects.create(
        kind=ModerationKind.RENEWAL,
        user=actor,
        email=actor.email,
        childminder=childminder,
        caf=commune.caf,
        submitted_at=timezone.now(),
        data={
            "identity": {
                "first_names": childminder.first_names,
                "birth_name": childminder.birth_name,
                "usage_name": childminder.usage_name,
                "display_name": childminder.display_name,
            },
            "licence": _json_ready(values),
        },
    )
    private_file_store(
        upload=upload, owner=moderation_request, purpose=LICENCE_DOCUMENT, actor=actor
    )
    _apply(moderation_request, "submit", actor=actor)
    return moderation_request


# The childminder completes a request awaiting new elements


@transaction.atomic
def request_complete(*, moderation_request, values: dict, uploads=None, actor):
    """The childminder corrects the licence data (and may attach new documents) of a request
    « En attente de nouveaux éléments »: it goes back to the moderators (seed 000 AM-F1)."""
    locked = _locked(moderation_request)
    if locked.status != ModerationStatus.AWAITING_INFORMATION or locked.user_id != actor.pk:
        raise ModerationError(_("Cette demande n'attend pas de nouveaux éléments."))
    licence = {**locked.data.get("licence", {}), **_json_ready(values)}
    locked.data = {**locked.data, "licence": licence}
    if "commune" in values:
        locked.caf = values["commune"].caf
    locked.save(update_fields=["data", "caf"])
    for purpose, upload in (uploads or {}).items():
        if upload:
            private_file_store(upload=upload, owner=locked, purpose=purpose, actor=actor)
    if locked.kind == ModerationKind.REGISTRATION:
        childminder = locked.childminder
        childminder.agrement_departement = Departement.objects.get(code=licence["departement"])
        childminder.agrement_starts_on = date.fromisoformat(licence["starts_on"])
        childminder.agrement_ends_on = date.fromisoformat(licence["ends_on"])
        childminder.capacity = licence["capacity"]
        childminder.save()
    _apply(locked, "resubmit", actor=actor)
    _mirror(locked, ChildminderStatus.PENDING)
    return locked


# Moderation (back office)


def _require_taker(locked, actor):
    if locked.status == ModerationStatus.IN_PROGRESS and locked.taken_by_id != actor.pk:
        raise ModerationError(taken_message(locked))


def taken_message(moderation_request) -> str:
    taker = moderation_request.taken_by
    return _("Cette demande est déjà prise en charge par %(name)s.") % {
        "name": taker.get_full_name() or taker.email if taker else _("un autre modérateur")
    }


@transaction.atomic
def moderation_take(*, moderation_request, actor) -> ModerationRequest:
    """« En cours de traitement »: one moderator holds the request, others cannot process it."""
    locked = _locked(moderation_request)
    _require_taker(locked, actor)
    locked.taken_by = actor
    locked.save(update_fields=["taken_by"])
    _apply(locked, "take", actor=actor)
    return locked


@transaction.atomic
def moderation_release(*, moderation_request, actor) -> ModerationRequest:
    locked = _locked(moderation_request)
    _require_taker(locked, actor)
    locked.taken_by = None
    locked.save(update_fields=["taken_by"])
    _apply(locked, "release", actor=actor)
    return locked


def _reason_log(reasons, choices, text) -> str:
    labels = dict(choices.choices)
    return "\n".join([*(str(labels[code]) for code in reasons), text.strip()]).strip()


@transaction.atomic
def moderation_ask_information(
    *, moderation_request, actor, reasons: list[str], text: str = ""
) -> ModerationRequest:
    """E-mail 3 (registration) or 7 (renewal) with the reasons; the childminder corrects."""
    if not reasons:
        raise ModerationError(_("Choisissez au moins un motif."))
    locked = _locked(moderation_request)
    _require_taker(locked, actor)
    locked.reasons = list(reasons)
    locked.reason_text = text.strip()
    locked.taken_by = None
    locked.save(update_fields=["reasons", "reason_text", "taken_by"])
    _apply(
        locked,
        "ask_information",
        actor=actor,
        reason=_reason_log(reasons, InformationReason, text),
        data={"reasons": list(reasons)},
    )
    _mirror(locked, ChildminderStatus.AWAITING_INFORMATION)
    return locked


@transaction.atomic
def moderation_validate(*, moderation_request, actor) -> ModerationRequest:
    """E-mail 2 or 6. A registration makes the childminder public at once, with availability
    built from the declared working hours and places; a renewal applies the new agrément."""
    locked = _locked(moderation_request)
    _require_taker(locked, actor)
    _apply(locked, "validate", actor=actor)
    childminder = locked.childminder
    if locked.kind == ModerationKind.REGISTRATION:
        childminder.status = ChildminderStatus.VALIDATED
        childminder.availability_confirmed_on = timezone.localdate()
        childminder.save()
        _availability_from_profile(childminder, locked.data.get("profile", {}))
    else:
        licence = locked.data["licence"]
        commune = Commune.objects.get(insee_code=licence["commune"])
        childminder.agrement_departement = Departement.objects.get(code=licence["departement"])
        childminder.agrement_starts_on = date.fromisoformat(licence["starts_on"])
        childminder.agrement_ends_on = date.fromisoformat(licence["ends_on"])
        childminder.capacity = licence["capacity"]
        if (licence["address"], commune.pk) != (childminder.address, childminder.commune_id):
            childminder.latitude, childminder.longitude = commune.latitude, commune.longitude
        childminder.address = licence["address"]
        childminder.postal_code = licence["postal_code"]
        childminder.commune = commune
        childminder.caf = commune.caf
        childminder.save()
        # Places above the new capacity are brought down to it.
        childminder.availabilities.filter(places__gt=childminder.capacity).update(
            places=childminder.capacity
        )
        childminder.refresh_availability_summary()
    return locked


def _availability_from_profile(childminder, profile: dict):
    places = min(int(profile.get("places") or 0), childminder.capacity)
    if not places:
        childminder.refresh_availability_summary()
        return
    starts, ends = (
        time.fromisoformat(profile["works_from"]),
        time.fromisoformat(profile["works_until"]),
    )
    for day in profile.get("working_days", []):
        Availability.objects.create(
            childminder=childminder, weekday=int(day), starts_at=starts, ends_at=ends, places=places
        )
    childminder.refresh_availability_summary()


@transaction.atomic
def moderation_reject(
    *, moderation_request, actor, reasons: list[str], text: str = ""
) -> ModerationRequest:
    """E-mail 4 or 8. A rejected registration cannot log in; a rejected renewal deletes the
    childminder's space and public sheet (decision D7)."""
    if not reasons:
        raise ModerationError(_("Choisissez au moins un motif."))
    locked = _locked(moderation_request)
    _require_taker(locked, actor)
    locked.reasons = list(reasons)
    locked.reason_text = text.strip()
    locked.save(update_fields=["reasons", "reason_text"])
    _apply(
        locked,
        "reject",
        actor=actor,
        reason=_reason_log(reasons, RejectionReason, text),
        data={"reasons": list(reasons)},
    )
    if locked.kind == ModerationKind.REGISTRATION:
        _mirror(locked, ChildminderStatus.REJECTED)
    else:
        user, childminder = locked.user, locked.childminder
        childminder.delete()
        if user is not None:
            user.delete()
    return locked
