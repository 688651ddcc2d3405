"""The LINF desk, « Traitement des demandes d'information sur les modes d'accueil » (seed 003):
the persons habilitated for an information point read its requests, on screen or exported
as PDF or XML; opening one marks it « traitée »."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monenfant.information_requests import selectors, services
from monenfant.information_requests.documents import requests_pdf, requests_xml, summary_rows

PAGE_SIZE = 50
EXPORT_MAX = 200


def _title():
    return _("Traitement des demandes d'information sur les modes d'accueil")


@require_GET
def desk_home(request):
    """A person habilitated for several points chooses one first (seed 003 ill. 13.c–d)."""
    points = list(selectors.desks_of_person(request.user))
    if not points:
        raise PermissionDenied
    if len(points) == 1:
        return redirect("infodesk:requests", linf_pk=points[0].pk)
    return render(
        request, "information_requests/desk_home.html", {"title": _title(), "points": points}
    )


def _point(request, linf_pk):
    return get_object_or_404(selectors.desks_of_person(request.user), pk=linf_pk)


@require_GET
def desk_requests(request, linf_pk):
    linf = _point(request, linf_pk)
    page = Paginator(selectors.desk_requests(request.user, linf), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "information_requests/desk_requests.html",
        {
            "title": _title(),
            "linf": linf,
            "page": page,
            "several_points": selectors.desks_of_person(request.user).count() > 1,
        },
    )


@require_GET
def desk_request(request, linf_pk, pk):
    linf = _point(request, linf_pk)
    information_request = get_object_or_404(selectors.desk_requests(request.user, linf), pk=pk)
    # S0 St-F9: « traitée dès que le LINF a affiché le détail de la demande ».
    services.information_requests_open(requests=[information_request], actor=request.user)
    information_request.refresh_from_db(fields=["state", "treated_at"])
    return render(
        request,
        "information_requests/desk_request.html",
        {
            "title": information_request.number,
            "linf": linf,
            "information_request": information_request,
            "rows": summary_rows(information_request),
        },
    )


@require_POST
def desk_export(request, linf_pk):
    linf = _point(request, linf_pk)
    ids = [
        value for value in request.POST.getlist("requests") if value.isascii() and value.isdigit()
    ]
    chosen = list(selectors.desk_requests(request.user, linf).filter(pk__in=ids[:EXPORT_MAX]))
    kind = request.POST.get("format")
    if not chosen or kind not in ("pdf", "xml"):
        messages.error(request, _("Cochez au moins une demande, puis choisissez PDF ou XML."))
        return redirect("infodesk:requests", linf_pk=linf.pk)
    services.information_requests_open(requests=chosen, actor=request.user)
    for information_request in chosen:
        information_request.refresh_from_db(fields=["state", "treated_at"])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "pdf":
        response = HttpResponse(requests_pdf(chosen), content_type="application/pdf")
    else:
        response = HttpResponse(requests_xml(chosen), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="demandes-{stamp}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response
