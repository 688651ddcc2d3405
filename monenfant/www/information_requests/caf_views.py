"""CAF follow-up, « Gestion des demandes d'information sur les modes d'accueil » (S0
St-F9): read-only, the active CAF's requests only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monenfant.backoffice_access import perms
from monenfant.backoffice_access.selectors import scoped
from monenfant.information_requests import selectors, services
from monenfant.information_requests.documents import requests_pdf
from monenfant.information_requests.enums import RequestState
from monenfant.information_requests.models import InformationRequest

from .forms import CafFilterForm, DeadlineForm

PAGE_SIZE = 50


@require_GET
def caf_requests(request):
    # Opens on the requests not yet viewed by the LINFs (S0 St-F9).
    form = CafFilterForm(request.GET or {"state": RequestState.RECEIVED})
    state = form.cleaned_data["state"] if form.is_valid() else RequestState.RECEIVED
    days = selectors.deadline_days(request.active_caf)
    queryset = selectors.caf_requests(request, state=None if state == "toutes" else state)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue_ids = set(
        selectors.overdue(queryset, days)
        .filter(pk__in=[r.pk for r in page])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "information_requests/caf_requests.html",
        {
            "title": _("Demandes d'information sur les modes d'accueil"),
            "form": form,
            "page": page,
            "rows": [(r, r.pk in overdue_ids) for r in page],
            "deadline_days": days,
            "overdue_count": selectors.overdue(selectors.caf_requests(request), days).count(),
            "can_configure": perms.has_permission(
                request.user, "configure_information_requests", request.active_caf
            ),
        },
    )


def caf_request_pdf(request, pk):
    """« Numéro de demande » opens the PDF; the CAF reading it does not treat it."""
    found = get_object_or_404(
        scoped(InformationRequest.objects.select_related("linf", "commune"), request), pk=pk
    )
    response = HttpResponse(requests_pdf([found]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="demande-{found.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def caf_deadline(request):
    """Decision D2: the CAF administrator sets the LINF handling deadline (5 to 15 days)."""
    caf = request.active_caf
    form = DeadlineForm(
        request.POST if request.method == "POST" else None,
        initial={"deadline_days": selectors.deadline_days(caf)},
    )
    if request.method == "POST" and form.is_valid():
        services.caf_deadline_set(
            caf=caf, days=form.cleaned_data["deadline_days"], actor=request.user
        )
        messages.success(request, _("Le délai de traitement est enregistré."))
        return redirect("caf_requests:list")
    return render(
        request,
        "information_requests/caf_deadline.html",
        {"title": _("Délai de traitement des demandes d'information"), "form": form},
    )
