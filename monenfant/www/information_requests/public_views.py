"""The family's side: the online information request (seed 003), its follow-up page (signed
link, no account) and the contact form (S0 Cx-F2)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from monenfant.audit.middleware import client_ip
from monenfant.information_requests import selectors, services
from monenfant.information_requests.documents import requests_pdf
from monenfant.information_requests.models import InformationRequest
from monenfant.utils.antispam import rate_limit_exceeded

from .forms import CommuneChoiceForm, ContactForm, InformationRequestForm

SESSION_KEY = "information_requests_sent"
# Submissions per address and hour: a family sends one or two; a robot many.
REQUESTS_PER_HOUR = 5
CONTACT_MESSAGES_PER_HOUR = 5
TOO_MANY = gettext_lazy(
    "Trop d'envois depuis votre adresse. Réessayez dans une heure ou contactez votre Caf."
)
REQUEST_TITLE = gettext_lazy("Demande d'information sur les modes d'accueil")


def _commune(request):
    data = request.POST if request.method == "POST" else request.GET
    form = CommuneChoiceForm(data if "commune" in data else None)
    # INSEE codes first: the links of the sheets and of the information-points page carry one.
    form.fields["commune"].insee_code_first = True
    commune = form.cleaned_data["commune"] if form.is_bound and form.is_valid() else None
    return form, commune


@login_not_required
def information_request_form(request):
    commune_form, commune = _commune(request)
    context = {
        "title": REQUEST_TITLE,
        "breadcrumb_data": {"current": REQUEST_TITLE},
        "commune_form": commune_form,
        "commune": commune,
    }
    if commune is None:
        return render(request, "public/information_request_commune.html", context)
    points = list(selectors.desks_for(commune).select_related("commune"))
    if not points:
        context["contacts"] = selectors.nearest_contacts(commune)
        return render(request, "public/information_request_unavailable.html", context)
    form = InformationRequestForm(request.POST if request.method == "POST" else None, points=points)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            f"information_request:{client_ip(request)}",
            limit=REQUESTS_PER_HOUR,
            window_seconds=3600,
        ):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("point", "terms_accepted", "website", "form_started")
            }
            linf = next(p for p in points if p.pk == form.cleaned_data["point"])
            try:
                sent = services.information_request_create(linf=linf, commune=commune, **data)
            except ValidationError as error:
                form.add_error("point", error)
            else:
                request.session[SESSION_KEY] = [sent.pk, *request.session.get(SESSION_KEY, [])][:5]
                return redirect("public:information_request_sent", pk=sent.pk)
    context["form"] = form
    return render(request, "public/information_request_form.html", context, status=status)


def _sent_by_this_visitor(request, pk) -> InformationRequest:
    """The family's own request, known by its session: nobody else reaches its summary."""
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    found = InformationRequest.objects.select_related("linf", "commune").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_not_required
@require_GET
def information_request_sent(request, pk):
    sent = _sent_by_this_visitor(request, pk)
    title = _("Votre demande est envoyée")
    return render(
        request,
        "public/information_request_sent.html",
        {"title": title, "breadcrumb_data": {"current": title}, "information_request": sent},
    )


@login_not_required
@require_GET
def information_request_pdf(request, pk):
    sent = _sent_by_this_visitor(request, pk)
    response = HttpResponse(requests_pdf([sent]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="demande-{sent.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_GET
def information_request_follow(request, token):
    """The state of a request, from the signed link of e-mail #22: received or treated,
    nothing else (no personal data behind a link that may be forwarded)."""
    found = selectors.request_from_follow_token(token)
    if found is None:
        raise Http404
    title = _("Suivi de votre demande d'information")
    response = render(
        request,
        "public/information_request_follow.html",
        {"title": title, "breadcrumb_data": {"current": title}, "information_request": found},
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
def contact(request):
    title = _("Nous contacter")
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            f"contact:{client_ip(request)}", limit=CONTACT_MESSAGES_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            data = form.cleaned_data
            services.contact_message_send(
                caf=form.caf,
                name=data["name"],
                email=data["email"],
                postal_code=data["postal_code"],
                subject=data["subject"],
                message=data["message"],
            )
            return redirect("public:contact_sent")
    return render(
        request,
        "public/contact.html",
        {"title": title, "breadcrumb_data": {"current": title}, "form": form},
        status=status,
    )


@login_not_required
@require_GET
def contact_sent(request):
    title = _("Message envoyé")
    return render(
        request, "public/contact_sent.html", {"title": title, "breadcrumb_data": {"current": title}}
    )
