from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from monenfant.referential.selectors import CommuneQueryError, search_communes

CONTENT_PAGES = {
    "accessibilite": _("Déclaration d'accessibilité"),
    "mentions-legales": _("Mentions légales"),
    "donnees-personnelles": _("Données personnelles"),
}


@login_not_required
@require_GET
def home(request):
    return render(request, "public/home.html")


@login_not_required
@require_GET
def parents(request):
    return render(
        request,
        "public/audience.html",
        {
            "title": _("Je suis un parent"),
            "lead": _(
                "Trouvez un mode d'accueil près de chez vous, estimez son coût et faites-vous conseiller."
            ),
            "services": parent_services(),
            "breadcrumb_data": {"current": _("Je suis un parent")},
        },
    )


@login_not_required
@require_GET
def professionals(request):
    return render(
        request,
        "public/audience.html",
        {
            "title": _("Je suis un professionnel"),
            "lead": _(
                "Assistants maternels, gestionnaires de structures et relais : tenez à jour vos informations pour les familles."
            ),
            "services": [],
            "breadcrumb_data": {"current": _("Je suis un professionnel")},
        },
    )


def parent_services() -> list[dict]:
    return [
        {
            "url": reverse("public:search"),
            "title": _("Rechercher un mode d'accueil"),
            "description": _(
                "Assistants maternels, crèches, relais petite enfance… près de chez vous."
            ),
        },
        {
            "url": reverse("public:simulator"),
            "title": _("Estimer le coût d'un mode d'accueil"),
            "description": _(
                "Comparez le reste à charge en crèche, chez un assistant maternel ou à domicile."
            ),
        },
    ]


@login_not_required
@require_GET
def content_page(request, slug):
    return render(
        request,
        f"public/pages/{slug}.html",
        {"title": CONTENT_PAGES[slug], "breadcrumb_data": {"current": CONTENT_PAGES[slug]}},
    )


@login_not_required
@require_GET
def commune_suggestions(request):
    """Options of the commune <datalist>, fetched by htmx as the user types."""
    text = next((value for value in request.GET.values() if value.strip()), "")
    try:
        communes = search_communes(text, limit=8)
    except CommuneQueryError:
        communes = []
    return render(request, "components/commune_suggestions.html", {"communes": communes})
