from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Geolocated search over childminders and structures, through one search table."""

    name = "monenfant.search"
    label = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from . import signals  # noqa: F401
