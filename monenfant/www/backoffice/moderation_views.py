"""National moderation of childminder registrations and renewals (seed 000 AM-F1, decision D1).

Readers: moderators (national: every CAF) and CAF staff (their CAF, `scope=NATIONAL` in the
URL declaration). Processing needs the Modérateur role counting in the request's CAF; the
services check it again through the workflow."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from monenfant.backoffice_access import perms
from monenfant.backoffice_access.scopes import NATIONAL, backoffice_scope
from monenfant.backoffice_access.selectors import scoped
from monenfant.childminders import moderation_services as services
from monenfant.childminders.enums import ModerationKind, ModerationStatus
from monenfant.childminders.models import ModerationRequest
from monenfant.childminders.selectors import (
    MODERATION_PROMISE_HOURS,
    QUEUE_ORDERS,
    moderation_queue,
    moderation_stats,
)
from monenfant.referential.models import Commune, Departement
from monenfant.workflows.selectors import history_of
from monenfant.www.registration.forms import (
    AskInformationForm,
    QueueFilterForm,
    RejectForm,
    ValidateForm,
)
from monenfant.www.registration.views import documents_of

PAGE_SIZE = 50
COLUMNS = (
    ("nom", gettext_lazy("Assistant maternel")),
    (None, gettext_lazy("Demande")),
    ("statut", gettext_lazy("Statut")),
    ("caf", gettext_lazy("Caf")),
    ("envoi", gettext_lazy("Envoyée le")),
    (None, gettext_lazy("Prise en charge par")),
)


def moderation_home_stats(request) -> dict | None:
    """The back-office home's tile: pending requests against the 72-hour promise."""
    if not perms.has_permission(request.user, "view_registration_requests", request.active_caf):
        return None
    scope = backoffice_scope(
        request.user,
        permission="view_registration_requests",
        level=NATIONAL,
        caf=request.active_caf,
    )
    return moderation_stats(scoped(ModerationRequest.objects.all(), scope))


def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    order = request.GET.get("tri", "envoi")
    if order not in QUEUE_ORDERS:
        order = "envoi"
    requests = moderation_queue(
        scoped(ModerationRequest.objects.all(), request),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        departement=filters.get("departement"),
        caf=filters.get("caf"),
        age=filters.get("age", ""),
        order=order,
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page:
        item.age_hours = round((now - item.submitted_at).total_seconds() / 3600)
        item.late = item.is_open and item.age_hours > MODERATION_PROMISE_HOURS
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("tri", None)
    columns = [
        (label, key, f"-{key}" if order == key else key, order.lstrip("-") == key and order)
        for key, label in COLUMNS
    ]
    return render(
        request,
        "backoffice/moderation_queue.html",
        {
            "title": _("Demandes d'inscription des assistants maternels"),
            "form": form,
            "page_obj": page,
            "columns": columns,
            "order": order,
            "filter_query": params.urlencode(),
            "national": request.scope.is_national,
        },
    )


def _checked_rows(moderation_request) -> list[tuple[str, str]]:
    """The fields the moderator checks against the agrément (seed 000 AM-F1): first name,
    name, address, agrément dates, capacity — as entered."""
    identity = moderation_request.data.get("identity", {})
    licence = moderation_request.data.get("licence", {})
    contact = moderation_request.data.get("contact", {})
    place = licence if licence.get("address") else contact
    commune = Commune.objects.filter(insee_code=place.get("commune")).first()
    departement = Departement.objects.filter(code=licence.get("departement")).first()

    def day(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""

    return [
        (_("Prénoms"), identity.get("first_names", "")),
        (_("Nom de naissance"), identity.get("birth_name", "")),
        (_("Nom d'usage"), identity.get("usage_name", "")),
        (
            _("Adresse du lieu d'accueil"),
            f"{place.get('address', '')}, {place.get('postal_code', '')} "
            f"{commune.name if commune else ''}",
        ),
        (_("Département de délivrance"), str(departement or "")),
        (_("Début de l'agrément"), day(licence.get("starts_on"))),
        (_("Fin de l'agrément"), day(licence.get("ends_on"))),
        (_("Capacité maximum d'accueil"), str(licence.get("capacity", ""))),
    ]


def _detail_context(request, moderation_request, **forms):
    workflow = ModerationRequest.workflow
    can_process = perms.has_permission(
        request.user, "process_registration_requests", moderation_request.caf
    )
    taken_by_other = (
        moderation_request.status == ModerationStatus.IN_PROGRESS
        and moderation_request.taken_by_id != request.user.pk
    )
    return {
        "title": _("Demande n°%(number)s") % {"number": moderation_request.pk},
        "moderation_request": moderation_request,
        "renewal": moderation_request.kind == ModerationKind.RENEWAL,
        "checked_rows": _checked_rows(moderation_request),
        "documents": documents_of(moderation_request),
        "identity_check": moderation_request.identity_check,
        "can_process": can_process,
        "taken_by_other": taken_by_other,
        "taken_message": services.taken_message(moderation_request) if taken_by_other else "",
        "mine": moderation_request.status == ModerationStatus.IN_PROGRESS
        and moderation_request.taken_by_id == request.user.pk,
        "ask_form": forms.get("ask_form") or AskInformationForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "validate_form": forms.get("validate_form") or ValidateForm(),
        "history": [
            (log, workflow.state_label(log.from_state), workflow.state_label(log.to_state))
            for log in history_of(moderation_request)
        ],
    }


def _get(request, pk):
    return get_object_or_404(
        scoped(
            ModerationRequest.objects.submitted().select_related("childminder", "caf", "taken_by"),
            request,
        ),
        pk=pk,
    )


def detail(request, pk):
    moderation_request = _get(request, pk)
    return render(
        request,
        "backoffice/moderation_detail.html",
        _detail_context(request, moderation_request),
    )


SUCCESS = {
    "take": gettext_lazy("Vous avez pris en charge la demande."),
    "release": gettext_lazy("La demande est remise dans la file."),
    "ask_information": gettext_lazy(
        "La demande est en attente de nouveaux éléments\u00a0: l'assistant maternel a reçu les "
        "motifs."
    ),
    "validate": gettext_lazy("La demande est validée\u00a0: l'assistant maternel en est informé."),
    "reject": gettext_lazy("La demande est rejetée\u00a0: l'assistant maternel en est informé."),
}
FORMS = {"ask_information": ("ask_form", AskInformationForm), "reject": ("reject_form", RejectForm)}


@require_POST
def action(request, pk, name):
    moderation_request = _get(request, pk)
    if name not in SUCCESS:
        messages.error(request, _("Cette action n'existe pas."))
        return redirect("backoffice:moderation_detail", pk=pk)
    form = None
    kwargs = {}
    if name in FORMS:
        key, form_class = FORMS[name]
        form = form_class(request.POST)
        if form.is_valid():
            kwargs = {"reasons": form.cleaned_data["reasons"], "text": form.cleaned_data["text"]}
    elif name == "validate":
        key, form = "validate_form", ValidateForm(request.POST)
    if form is not None and not form.is_valid():
        # The page again with the form's messages on its fields and what was typed.
        return render(
            request,
            "backoffice/moderation_detail.html",
            _detail_context(request, moderation_request, **{key: form}),
        )
    service = {
        "take": services.moderation_take,
        "release": services.moderation_release,
        "ask_information": services.moderation_ask_information,
        "validate": services.moderation_validate,
        "reject": services.moderation_reject,
    }[name]
    try:
        service(moderation_request=moderation_request, actor=request.user, **kwargs)
    except services.ModerationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, SUCCESS[name])
        if name in ("validate", "reject", "ask_information"):
            return redirect("backoffice:moderation_queue")
    return redirect("backoffice:moderation_detail", pk=pk)
