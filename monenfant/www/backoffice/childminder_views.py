"""« Gestion des assistants maternels » (seed 000 AM-F3 to AM-F7, decision D8): the CAF's
list of its childminders, with at the end of each row exactly the actions their state allows,
each confirmed on its own page (no JavaScript needed) before a green message."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from monenfant.backoffice_access import perms
from monenfant.backoffice_access import services as access_services
from monenfant.backoffice_access.selectors import scoped
from monenfant.childminders import departement_files as departement_files_module
from monenfant.childminders import reminders, services
from monenfant.childminders.enums import ChildminderStatus, ModerationKind
from monenfant.childminders.models import Childminder, DepartementFile, ModerationRequest
from monenfant.childminders.selectors import management_list
from monenfant.workflows.transitions import TransitionError

from .childminder_forms import ChildminderEditForm, ChildminderFilterForm, DepartementFileForm
from .structure_views import acting_identities

PAGE_SIZE = 50


@dataclass(frozen=True)
class Action:
    slug: str
    label: str
    service: Callable
    question: str  # the confirmation page's text; %(name)s is the childminder
    done: str  # the green message
    offered: Callable[[Childminder], bool]


def _radiated_recently(c):
    return services.radiation_can_be_lifted(c)


def _radiated_long_ago(c):
    return c.status == ChildminderStatus.RADIATED and not services.radiation_can_be_lifted(c)


# Seed 000 AM-F3…F7: Validé → Modifier, Radier, Suspendre, Supprimer, Accéder au compte;
# En attente de nouveaux éléments → Accéder au compte, Supprimer; Suspendu → Lever la
# suspension; Radié → Lever la radiation (30 days), then Autoriser l'inscription.
ACTIONS = {
    action.slug: action
    for action in [
        Action(
            "radier",
            gettext_lazy("Radier"),
            services.childminder_radiate,
            gettext_lazy(
                "Radier %(name)s ? Il ou elle ne sera plus visible des parents, ne pourra plus "
                "se connecter et recevra un courriel. La radiation peut être levée pendant 30 jours."
            ),
            gettext_lazy("%(name)s a été radié(e)."),
            lambda c: c.status == ChildminderStatus.VALIDATED,
        ),
        Action(
            "suspendre",
            gettext_lazy("Suspendre"),
            services.childminder_suspend,
            gettext_lazy(
                "Suspendre %(name)s ? Il ou elle ne sera plus visible des parents, pourra se "
                "connecter sans rien modifier et recevra un courriel."
            ),
            gettext_lazy("%(name)s a été suspendu(e)."),
            lambda c: c.status == ChildminderStatus.VALIDATED,
        ),
        Action(
            "supprimer",
            gettext_lazy("Supprimer"),
            services.childminder_delete,
            gettext_lazy(
                "Supprimer définitivement %(name)s ? Ses données personnelles, son compte et "
                "ses documents seront effacés ; aucun retour en arrière n'est possible et il ou "
                "elle devra se réinscrire. Avant de supprimer, utilisez « Accéder au compte » "
                "pour vérifier qu'il s'agit de la bonne personne."
            ),
            gettext_lazy("%(name)s a été supprimé(e)."),
            lambda c: c.status in services.DELETABLE_STATES,
        ),
        Action(
            "lever-suspension",
            gettext_lazy("Lever la suspension"),
            services.childminder_lift_suspension,
            gettext_lazy(
                "Lever la suspension de %(name)s ? Il ou elle sera de nouveau visible des "
                "parents et recevra un courriel."
            ),
            gettext_lazy("La suspension de %(name)s a été levée."),
            lambda c: c.status == ChildminderStatus.SUSPENDED,
        ),
        Action(
            "lever-radiation",
            gettext_lazy("Lever la radiation"),
            services.childminder_lift_radiation,
            gettext_lazy(
                "Lever la radiation de %(name)s ? Son compte sera rétabli, il ou elle sera de "
                "nouveau visible des parents et recevra un courriel."
            ),
            gettext_lazy("La radiation de %(name)s a été levée."),
            _radiated_recently,
        ),
        Action(
            "autoriser-inscription",
            gettext_lazy("Autoriser l'inscription"),
            services.childminder_allow_registration,
            gettext_lazy(
                "Autoriser %(name)s à se réinscrire ? La fiche radiée et son compte seront "
                "effacés : l'adresse électronique pourra servir à une nouvelle inscription, "
                "qui sera modérée."
            ),
            gettext_lazy("%(name)s peut de nouveau s'inscrire."),
            _radiated_long_ago,
        ),
    ]
}


# URL name suffix of each action (backoffice:childminder_<name>).
ACTION_URL_NAMES = {
    "radier": "radiate",
    "lever-radiation": "lift_radiation",
    "autoriser-inscription": "allow_registration",
    "suspendre": "suspend",
    "lever-suspension": "lift_suspension",
    "supprimer": "delete",
}


def row_actions(childminder) -> list[tuple[str, str]]:
    """(kind, label) of the actions offered on a row, in the seed's order. kind: "edit",
    "account" or the URL name of an action."""
    status = childminder.status
    offered = []
    if status == ChildminderStatus.VALIDATED:
        offered.append(("edit", _("Modifier")))
    for slug in ("radier", "suspendre"):
        if ACTIONS[slug].offered(childminder):
            offered.append(
                (f"backoffice:childminder_{ACTION_URL_NAMES[slug]}", ACTIONS[slug].label)
            )
    if status in services.DELETABLE_STATES:
        offered.append(("backoffice:childminder_delete", ACTIONS["supprimer"].label))
        if childminder.user is not None and childminder.user.is_active:
            offered.append(("account", _("Accéder au compte")))
    for slug in ("lever-suspension", "lever-radiation", "autoriser-inscription"):
        if ACTIONS[slug].offered(childminder):
            offered.append(
                (f"backoffice:childminder_{ACTION_URL_NAMES[slug]}", ACTIONS[slug].label)
            )
    return offered


def _scoped_childminders(request):
    return scoped(Childminder.objects.all(), request)


def childminders(request):
    form = ChildminderFilterForm(request.GET or None)
    filters = form.filters()
    rows = management_list(_scoped_childminders(request), **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for childminder in page:
        childminder.actions = row_actions(childminder)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/childminders/list.html",
        {
            "title": _("Gestion des assistants maternels"),
            "form": form,
            "page_obj": page,
            "state_label": ChildminderStatus(filters["status"]).label,
            "query": query.urlencode(),
            "sort_links": _sort_links(request, filters["order"]),
        },
    )


def _sort_links(request, current: str) -> dict:
    """Column header links: the same filters, sorted by that column (reversed when it is the
    current one)."""
    links = {}
    for key in ("nom", "commune", "agrement"):
        query = request.GET.copy()
        query.pop("page", None)
        query["tri"] = f"-{key}" if current == key else key
        links[key] = "?" + query.urlencode()
    return links


def childminder_edit(request, pk):
    childminder = get_object_or_404(
        _scoped_childminders(request).select_related("commune", "user"), pk=pk
    )
    if childminder.status != ChildminderStatus.VALIDATED:
        messages.error(
            request,
            _("« Modifier » est impossible : l'état est « %(state)s ».")
            % {"state": childminder.get_status_display()},
        )
        return redirect("backoffice:childminders")
    birth_names = perms.has_permission(
        request.user, "edit_childminder_birth_names", request.active_caf
    )
    initial = {
        **{
            name: getattr(childminder, name)
            for name in (
                "first_names",
                "usage_name",
                "birth_name",
                "address",
                "postal_code",
            )
        },
        "commune_name": childminder.commune.name,
    }
    form = ChildminderEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        birth_names=birth_names,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.childminder_update(
                childminder=childminder,
                changes=form.cleaned_data,
                birth_names=birth_names,
                **acting_identities(request),
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Les informations de %(name)s ont été enregistrées.")
                % {"name": childminder.display_name},
            )
        return redirect("backoffice:childminders")
    return render(
        request,
        "backoffice/childminders/edit.html",
        {
            "title": _("Modifier %(name)s") % {"name": childminder.display_name},
            "childminder": childminder,
            "form": form,
            "login_email": childminder.user.email if childminder.user else "",
            "visible": childminder.status == ChildminderStatus.VALIDATED,
        },
    )


def childminder_action(request, pk, action):
    spec = ACTIONS[action]
    childminder = get_object_or_404(_scoped_childminders(request).select_related("user"), pk=pk)
    name = childminder.display_name
    back = _list_url(childminder)
    if request.method == "POST":
        try:
            spec.service(childminder=childminder, **acting_identities(request))
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, spec.done % {"name": name})
        return redirect(back)
    if not spec.offered(childminder):
        messages.error(
            request,
            _("« %(action)s » est impossible : l'état est « %(state)s ».")
            % {"action": spec.label, "state": childminder.get_status_display()},
        )
        return redirect(back)
    return render(
        request,
        "backoffice/childminders/confirm.html",
        {
            "title": spec.label,
            "childminder": childminder,
            "question": spec.question % {"name": name},
            "back": back,
            "offer_account": action == "supprimer"
            and childminder.user is not None
            and childminder.user.is_active,
        },
    )


def _list_url(childminder) -> str:
    # Back to the list of the state the agent came from; a deleted row's state list is fine.
    return reverse("backoffice:childminders") + f"?etat={childminder.status}"


@require_POST
def childminder_impersonate(request, pk):
    """« Accéder au compte » (AM-F7) through the impersonation service (both identities in the
    audit log, banner on every page)."""
    childminder = get_object_or_404(_scoped_childminders(request).select_related("user"), pk=pk)
    if childminder.user is None:
        raise Http404
    try:
        access_services.impersonation_start(
            actor=request.user,
            target=childminder.user,
            caf=request.active_caf,
            session=request.session,
        )
    except access_services.AccessError:
        raise Http404 from None
    messages.info(
        request,
        _("Vous agissez maintenant pour le compte de %(name)s.") % {"name": childminder},
    )
    return redirect("account:home")


# --- Département files ----------------------------------------------------------------------


def departement_files(request):
    form = DepartementFileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        try:
            # Read before storing: an unreadable file is refused with the line, nothing kept.
            departement_files_module.parse(upload.read())
        except departement_files_module.FileError as error:
            form.add_error("file", str(error))
        else:
            imported = departement_files_module.departement_file_store(
                upload=upload, caf=request.active_caf, actor=request.user
            )
            return redirect("backoffice:childminder_file", pk=imported.pk)
    previous = scoped(DepartementFile.objects.select_related("applied_by"), request)[:10]
    return render(
        request,
        "backoffice/childminders/files.html",
        {
            "title": _("Fichiers des départements"),
            "form": form,
            "previous": previous,
            "columns": departement_files_module.COLUMNS,
        },
    )


def departement_file(request, pk):
    imported = get_object_or_404(scoped(DepartementFile.objects.all(), request), pk=pk)
    if request.method == "POST" and imported.applied_at is None:
        lines = departement_files_module.read_lines(imported)
        counts = departement_files_module.departement_file_apply(
            departement_file=imported, lines=lines, actor=request.user
        )
        messages.success(
            request,
            _("Fichier appliqué : %(applied)s ligne(s) appliquée(s), %(other)s sans effet.")
            % {
                "applied": counts.get("applied", 0),
                "other": sum(n for key, n in counts.items() if key != "applied"),
            },
        )
        return redirect("backoffice:childminder_file", pk=imported.pk)
    context = {"title": _("Fichier %(name)s") % {"name": imported.name}, "imported": imported}
    if imported.applied_at is None:
        preview = departement_files_module.preview(
            departement_files_module.read_lines(imported), imported.caf
        )
        context.update(
            preview=preview,
            to_apply=preview.count(departement_files_module.APPLY),
            already_applied=scoped(DepartementFile.objects.all(), request)
            .filter(sha256=imported.sha256, applied_at__isnull=False)
            .exclude(pk=imported.pk)
            .order_by("-applied_at")
            .first(),
        )
    return render(request, "backoffice/childminders/file.html", context)


# --- Relance (seed 000 AM-F2) ---------------------------------------------------------------

REMINDER_LIST_CAP = 500


def _reminder_candidates(request):
    query = request.GET if request.method == "GET" else request.POST
    return reminders.reminder_candidates(
        scoped(ModerationRequest.objects.all(), request),
        name=query.get("nom", "")[:100],
        kind=query.get("type", ""),
        order=query.get("tri", "attente"),
    )


def reminder_list(request):
    """The candidates, each with a checkbox; « Tout sélectionner » / « Tout désélectionner » are
    links that render the page again with every box ticked or not (no JavaScript needed)."""
    candidates = list(_reminder_candidates(request)[: REMINDER_LIST_CAP + 1])
    query = request.GET.copy()
    query.pop("tout", None)
    sort_links = {}
    for key in ("nom", "attente"):
        sort_query = query.copy()
        sort_query["tri"] = f"-{key}" if request.GET.get("tri", "attente") == key else key
        sort_links[key] = "?" + sort_query.urlencode()
    return render(
        request,
        "backoffice/childminders/reminders.html",
        {
            "title": _("Relance des ASM en attente de nouveaux éléments"),
            "candidates": candidates[:REMINDER_LIST_CAP],
            "capped": len(candidates) > REMINDER_LIST_CAP,
            "all_checked": request.GET.get("tout") == "1",
            "query": query.urlencode(),
            "filters": {k: request.GET.get(k, "") for k in ("nom", "type", "tri")},
            "kinds": ModerationKind.choices,
            "sort_links": sort_links,
        },
    )


@require_POST
def reminder_confirm(request):
    """« Envoyer la relance »: the dialog with the number selected and the optional comment,
    then « Confirmer » stores the reminders for the nightly job."""
    ids = [int(v) for v in request.POST.getlist("demande") if v.isdigit()][:REMINDER_LIST_CAP]
    comment = request.POST.get("commentaire", "")[:2000].replace("\x00", "").strip()
    if not ids:
        messages.error(request, _("Sélectionnez au moins un assistant maternel à relancer."))
        return redirect("backoffice:reminders")
    candidates = reminders.reminder_candidates(scoped(ModerationRequest.objects.all(), request))
    if request.POST.get("confirmer") == "1":
        count = reminders.reminders_request(
            candidates=candidates,
            ids=ids,
            comment=comment,
            actor=request.user,
            caf=request.active_caf,
        )
        messages.success(
            request,
            _("%(count)s relance(s) enregistrée(s) : les courriels partiront cette nuit.")
            % {"count": count},
        )
        return redirect("backoffice:reminders")
    selected = candidates.filter(pk__in=ids).count()
    return render(
        request,
        "backoffice/childminders/reminder_confirm.html",
        {
            "title": _("Envoyer la relance"),
            "ids": ids,
            "selected": selected,
            "comment": comment,
        },
    )
