from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from monenfant.referential.selectors import CommuneQueryError, search_communes
from monenfant.structures.selectors import information_points_for

from .forms import InformationPointsForm

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
            "services": [
                {
                    "url": reverse("registration:start"),
                    "title": _("Je suis assistant(e) maternel(le)"),
                    "description": _(
                        "Inscrivez-vous sur monenfant.fr avec votre agrément, ou connectez-vous "
                        "pour suivre votre demande et mettre à jour vos informations."
                    ),
                },
                {
                    "url": reverse("habilitation_request:manager_home"),
                    "title": _("Je suis un gestionnaire"),
                    "description": _(
                        "Demandez l'habilitation des personnes qui mettront à jour les "
                        "informations de vos structures."
                    ),
                },
            ],
            "breadcrumb_data": {"current": _("Je suis un professionnel")},
        },
    )


def parent_services() -> list[dict]:
    """Every service the site offers to families (the parents' page and the site map)."""
    services = [
        {
            "url": reverse("public:search"),
            "title": _("Rechercher un mode d'accueil"),
            "description": _(
                "Assistants maternels, crèches, micro-crèches, maisons d'assistants maternels, "
                "garde à domicile, accueils de loisirs… près de chez vous, avec leurs places "
                "disponibles."
            ),
        },
        {
            "url": reverse("public:search") + "?kinds=rpe,laep,smf,er,clas",
            "title": _("Trouver un service aux familles"),
            "description": _(
                "Relais petite enfance, lieux d'accueil enfants-parents, médiation familiale, "
                "espaces de rencontre, accompagnement à la scolarité."
            ),
        },
        {
            "url": reverse("public:simulator"),
            "title": _("Estimer le coût d'un mode d'accueil"),
            "description": _(
                "Comparez le reste à charge en crèche, chez un assistant maternel ou à domicile, "
                "aides de la Caf comprises."
            ),
        },
        {
            "url": reverse("public:information_points"),
            "title": _("Se faire conseiller par un point d'information"),
            "description": _(
                "Les points d'information de votre commune répondent à vos questions sur les "
                "modes d'accueil."
            ),
        },
    ]
    request_url = _optional_url("public:information_request")
    if request_url:
        services.append(
            {
                "url": request_url,
                "title": _("Faire une demande d'information"),
                "description": _("Écrivez en ligne au point d'information de votre commune."),
            }
        )
    return services


def _optional_url(name: str) -> str | None:
    """Capabilities built later (information requests, account area) are linked once their
    URL exists."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_not_required
@require_GET
def login_choice(request):
    """« Se connecter »: each audience to its own entrance (issue 16), until one account area
    takes every audience."""
    title = _("Se connecter")
    return render(
        request,
        "public/login_choice.html",
        {
            "title": title,
            "breadcrumb_data": {"current": title},
            "account_url": _optional_url("account:login"),
        },
    )


@login_not_required
@require_GET
def site_map(request):
    title = _("Plan du site")
    return render(
        request,
        "public/site_map.html",
        {
            "title": title,
            "breadcrumb_data": {"current": title},
            "parent_services": parent_services(),
            "content_pages": [
                (reverse("public:page", kwargs={"slug": slug}), label)
                for slug, label in CONTENT_PAGES.items()
            ],
        },
    )


@login_not_required
@require_GET
def information_points(request):
    """The information points serving a commune: where a parent gets advice."""
    title = _("Points d'information")
    form = InformationPointsForm(request.GET or None)
    commune = form.cleaned_data["commune"] if form.is_bound and form.is_valid() else None
    return render(
        request,
        "public/information_points.html",
        {
            "title": title,
            "breadcrumb_data": {"current": title},
            "form": form,
            "commune": commune,
            "points": information_points_for(commune) if commune else [],
            "request_url": _optional_url("public:information_request"),
        },
    )


@login_not_required
@require_GET
def content_page(request, slug):
    return render(
        request,
        f"public/pages/{slug}.html",
        {
            "title": CONTENT_PAGES[slug],
            "breadcrumb_data": {"current": CONTENT_PAGES[slug]},
            "legal": {
                "publisher": settings.LEGAL_PUBLISHER,
                "publication_director": settings.LEGAL_PUBLICATION_DIRECTOR,
                "host": settings.LEGAL_HOST,
                "data_controller": settings.LEGAL_DATA_CONTROLLER,
                "dpo_postal_address": settings.LEGAL_DPO_POSTAL_ADDRESS,
                "dpo_email": settings.LEGAL_DPO_EMAIL,
            },
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
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
