"""The childminder's registration (public, seed 002 « parcours d'inscription »), the pending
request page and the licence renewal (account area)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monenfant.childminders import moderation_services as services
from monenfant.childminders.enums import (
    ChildminderStatus,
    ContactMode,
    InformationReason,
    ModerationKind,
    ModerationStatus,
)
from monenfant.childminders.selectors import current_request_of
from monenfant.referential.models import Commune, Departement
from monenfant.utils.weekdays import Weekday

from . import forms

# Seed 002: Etape initiale → 1 Identification → 2 le profil → 3 Récapitulatif → 4 Validation.
# Identification is typed on three pages (identity, contact, agrément).
STEPS = {
    "identity": (1, gettext_lazy("Identification\u00a0: votre identité"), forms.IdentityForm),
    "contact": (1, gettext_lazy("Identification\u00a0: vos coordonnées"), forms.ContactForm),
    "licence": (1, gettext_lazy("Identification\u00a0: votre agrément"), forms.LicenceForm),
    "profile": (2, gettext_lazy("Votre profil"), forms.ProfileForm),
}
STEP_SLUGS = {
    "identity": "identite",
    "contact": "coordonnees",
    "licence": "agrement",
    "profile": "profil",
}
STAGES = (
    gettext_lazy("Identification"),
    gettext_lazy("Profil"),
    gettext_lazy("Récapitulatif"),
    gettext_lazy("Validation"),
)


def documents_of(moderation_request) -> list:
    """The request's private files, each with the French name of its purpose, newest first."""
    labels = {
        services.LICENCE_DOCUMENT: _("document d'agrément"),
        services.TRAINING_CERTIFICATE: _("attestation de formation"),
    }
    documents = sorted(moderation_request.documents.all(), key=lambda f: f.created_at, reverse=True)
    for document in documents:
        document.purpose_label = labels.get(document.purpose, document.purpose)
    return documents


def _stepper(number: int, title) -> dict:
    return {
        "number": number,
        "count": len(STAGES),
        "title": title,
        "next": STAGES[number] if number < len(STAGES) else None,
    }


def _draft(request):
    """The logged-in person's draft registration, or None."""
    current = current_request_of(request.user)
    if current is not None and current.status == ModerationStatus.DRAFT:
        return current
    return None


def _next_url(draft) -> str:
    missing = services.missing_steps(draft)
    if missing:
        return reverse("registration:step", args=[STEP_SLUGS[missing[0]]])
    return reverse("registration:summary")


def start(request):
    """Initial step: the account. A person already registering resumes where they left."""
    if request.user.is_authenticated:
        if _draft(request) is not None:
            return redirect(_next_url(_draft(request)))
        if current_request_of(request.user) is not None:
            return redirect("registration:pending")
    form = forms.StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.registration_start(
                email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
        except services.ModerationError as error:
            form.add_error("email", error.message)
        else:
            login(request, draft.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("registration:step", slug=STEP_SLUGS["identity"])
    return render(
        request,
        "registration/start.html",
        {
            "title": _("Inscription des assistants maternels"),
            "form": form,
            "stepper": _stepper(1, _("Identification\u00a0: créez votre compte")),
            "breadcrumb_data": {
                "links": [{"url": reverse("public:professionals"), "title": _("Professionnels")}],
                "current": _("Inscription"),
            },
        },
    )


def _initial(step: str, values: dict) -> dict:
    initial = dict(values)
    if step == "contact" and values.get("commune"):
        commune = Commune.objects.filter(insee_code=values["commune"]).first()
        initial["commune"] = commune.label if commune else ""
    if step == "profile":
        initial["activities"] = "\n".join(values.get("activities", []))
    return initial


def _step_values(step: str, cleaned_data: dict) -> dict:
    exclude = {"licence_document", "training_certificate"}
    return {k: v for k, v in cleaned_data.items() if k not in exclude}


def step(request, slug):
    step_name = next((name for name, s in STEP_SLUGS.items() if s == slug), None)
    if step_name is None:
        raise Http404
    draft = _draft(request)
    if draft is None:
        return redirect(
            "registration:pending" if current_request_of(request.user) else "registration:start"
        )
    number, title, form_class = STEPS[step_name]
    kwargs = {"initial": _initial(step_name, draft.data.get(step_name, {}))}
    purposes = {f.purpose for f in draft.documents.all()}
    if step_name == "licence":
        kwargs["has_licence_document"] = services.LICENCE_DOCUMENT in purposes
        kwargs["has_training_certificate"] = services.TRAINING_CERTIFICATE in purposes
    if step_name == "profile":
        kwargs["capacity"] = draft.data.get("licence", {}).get("capacity")
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        uploads = {
            services.LICENCE_DOCUMENT: form.cleaned_data.get("licence_document"),
            services.TRAINING_CERTIFICATE: form.cleaned_data.get("training_certificate"),
        }
        try:
            draft = services.registration_step_save(
                moderation_request=draft,
                step=step_name,
                values=_step_values(step_name, form.cleaned_data),
                uploads=uploads,
                actor=request.user,
            )
        except services.ModerationError as error:
            form.add_error(None, error.message)
        else:
            return redirect(_next_url(draft))
    order = list(STEP_SLUGS)
    index = order.index(step_name)
    return render(
        request,
        "registration/step.html",
        {
            "title": title,
            "form": form,
            "stepper": _stepper(number, title),
            "previous": reverse("registration:step", args=[STEP_SLUGS[order[index - 1]]])
            if index
            else None,
            "documents": documents_of(draft) if step_name == "licence" else [],
        },
    )


def _summary_rows(data: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The typed data as (section, [(label, value)]) for the summary and the pending page."""
    identity = data.get("identity", {})
    contact = data.get("contact", {})
    licence = data.get("licence", {})
    profile = data.get("profile", {})
    commune = Commune.objects.filter(insee_code=contact.get("commune")).first()
    departement = Departement.objects.filter(code=licence.get("departement")).first()

    def day(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""

    modes = dict(ContactMode.choices)
    days = dict(Weekday.choices)
    sections = []
    if identity:
        sections.append(
            (
                _("Identité"),
                [
                    (_("Nom de naissance"), identity.get("birth_name", "")),
                    (_("Nom d'usage"), identity.get("usage_name", "")),
                    (_("Prénoms"), identity.get("first_names", "")),
                    (_("Date de naissance"), day(identity.get("birth_date"))),
                ],
            )
        )
    if contact:
        sections.append(
            (
                _("Coordonnées"),
                [
                    (_("Téléphone"), contact.get("phone", "")),
                    (_("Autre téléphone"), contact.get("other_phone", "")),
                    (
                        _("Adresse du lieu d'accueil"),
                        f"{contact.get('address', '')}, {contact.get('postal_code', '')} "
                        f"{commune.name if commune else ''}",
                    ),
                    (
                        _("Modes de contact préférés"),
                        ", ".join(str(modes.get(m, m)) for m in contact.get("contact_modes", [])),
                    ),
                ],
            )
        )
    if licence:
        rows = [
            (_("Département de délivrance"), str(departement or "")),
            (_("Début de l'agrément"), day(licence.get("starts_on"))),
            (_("Fin de l'agrément"), day(licence.get("ends_on"))),
            (_("Capacité maximum d'accueil"), str(licence.get("capacity", ""))),
        ]
        if licence.get("address"):
            place = Commune.objects.filter(insee_code=licence.get("commune")).first()
            rows.append(
                (
                    _("Adresse du lieu d'accueil"),
                    f"{licence['address']}, {licence.get('postal_code', '')} "
                    f"{place.name if place else ''}",
                )
            )
        sections.append((_("Agrément"), rows))
    if profile:
        sections.append(
            (
                _("Profil"),
                [
                    (_("Présentation générale"), profile.get("presentation", "")),
                    (_("Description du lieu d'accueil"), profile.get("place_description", "")),
                    (_("Activités proposées"), ", ".join(profile.get("activities", []))),
                    (
                        _("Jours travaillés"),
                        ", ".join(str(days[int(d)]) for d in profile.get("working_days", [])),
                    ),
                    (
                        _("Horaires de travail"),
                        f"{profile.get('works_from', '')[:5]} – {profile.get('works_until', '')[:5]}",
                    ),
                    (_("Places disponibles"), str(profile.get("places", ""))),
                    (_("Tarif horaire (€)"), profile.get("hourly_rate") or ""),
                ],
            )
        )
    return sections


def summary(request):
    draft = _draft(request)
    if draft is None:
        return redirect(
            "registration:pending" if current_request_of(request.user) else "registration:start"
        )
    if services.missing_steps(draft):
        return redirect(_next_url(draft))
    form = forms.SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_submit(moderation_request=draft, actor=request.user)
        except services.ModerationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("registration:done")
    return render(
        request,
        "registration/summary.html",
        {
            "title": _("Récapitulatif d'inscription"),
            "form": form,
            "stepper": _stepper(3, _("Récapitulatif d'inscription")),
            "sections": _summary_rows(draft.data),
            "documents": documents_of(draft),
            "missing_documents": services.missing_documents(draft),
            "edit_links": [
                (STEPS[name][1], reverse("registration:step", args=[slug]))
                for name, slug in STEP_SLUGS.items()
            ],
        },
    )


def done(request):
    current = current_request_of(request.user)
    if current is None or current.status == ModerationStatus.DRAFT:
        return redirect("registration:start")
    return render(
        request,
        "registration/done.html",
        {
            "title": _("Votre demande d'inscription est envoyée"),
            "stepper": _stepper(4, _("Validation")),
        },
    )


def pending(request):
    """The reduced space while a registration or a renewal is being moderated: see the
    request, and complete it when new elements are asked (back to moderation)."""
    current = current_request_of(request.user)
    if current is None:
        raise Http404
    if current.status == ModerationStatus.DRAFT:
        return redirect(_next_url(current))
    form = None
    if current.status == ModerationStatus.AWAITING_INFORMATION:
        licence = current.data.get("licence", {})
        form = forms.CompletionForm(request.POST or None, request.FILES or None, initial=licence)
        if request.method == "POST" and form.is_valid():
            uploads = {
                services.LICENCE_DOCUMENT: form.cleaned_data.get("licence_document"),
                services.TRAINING_CERTIFICATE: form.cleaned_data.get("training_certificate"),
            }
            values = {
                k: form.cleaned_data[k] for k in ("departement", "starts_on", "ends_on", "capacity")
            }
            try:
                services.request_complete(
                    moderation_request=current, values=values, uploads=uploads, actor=request.user
                )
            except services.ModerationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Votre demande complétée a été renvoyée à nos modérateurs."),
                )
                return redirect("registration:pending")
    reasons = dict(InformationReason.choices)
    return render(
        request,
        "registration/pending.html",
        {
            "title": _("Ma demande d'inscription")
            if current.kind == ModerationKind.REGISTRATION
            else _("Ma demande de renouvellement d'agrément"),
            "moderation_request": current,
            "sections": _summary_rows(current.data),
            "documents": documents_of(current),
            "reasons": [reasons[r] for r in current.reasons if r in reasons],
            "form": form,
        },
    )


def renewal(request):
    childminder = getattr(request.user, "childminder", None)
    if childminder is None or childminder.status != ChildminderStatus.VALIDATED:
        raise Http404
    if current_request_of(request.user) is not None:
        return redirect("registration:pending")
    initial = {
        "address": childminder.address,
        "postal_code": childminder.postal_code,
        "commune": childminder.commune.label,
        "capacity": childminder.capacity,
        "departement": childminder.agrement_departement.code
        if childminder.agrement_departement_id
        else None,
    }
    form = forms.RenewalForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {
            k: form.cleaned_data[k]
            for k in (
                "departement",
                "starts_on",
                "ends_on",
                "capacity",
                "address",
                "postal_code",
                "commune",
            )
        }
        try:
            services.renewal_submit(
                childminder=childminder,
                values=values,
                upload=form.cleaned_data["licence_document"],
                actor=request.user,
            )
        except services.ModerationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Votre demande de renouvellement est envoyée. Les familles continuent de "
                    "voir votre agrément actuel jusqu'à sa validation."
                ),
            )
            return redirect("registration:pending")
    return render(
        request,
        "registration/renewal.html",
        {"title": _("Renouveler mon agrément"), "form": form, "childminder": childminder},
    )
