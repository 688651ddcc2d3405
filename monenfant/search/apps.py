from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Geolocated search over childminders and structures; no models of its own."""

    name = "monenfant.search"
    label = "search"
    verbose_name = _("Recherche")
