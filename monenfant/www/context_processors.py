from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# What django-dsfr's templates read from SITE_CONFIG; fixed, so no query per page.
_SITE_CONFIG = {
    "site_title": settings.SITE_NAME,
    "site_tagline": settings.SITE_TAGLINE,
    "footer_description": (
        _(
            "monenfant.fr est le site de la branche Famille de la Sécurité sociale (Cnaf et Caf) "
            "pour trouver un mode d'accueil pour son enfant et s'informer sur les services aux "
            "familles."
        )
    ),
    "header_brand_html": "République<br>Française",
    "footer_brand_html": "République<br>Française",
}


def site(request):
    return {"SITE_CONFIG": _SITE_CONFIG, "DEBUG": settings.DEBUG}


# The main menu of every public page: (URL name, label).
MAIN_MENU = (
    ("public:parents", _("Parents")),
    ("public:professionals", _("Professionnels")),
    ("public:simulator", _("Simulateurs")),
    ("public:information_points", _("Points d'information")),
)


def main_menu(request):
    path = request.path
    if path.startswith(reverse("backoffice:home")):
        # The back office has its own navigation: the public menu would lead agents away.
        return {"main_menu": []}
    items = []
    for name, label in MAIN_MENU:
        url = reverse(name)
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return {"main_menu": items}
