from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Geolocated search over childminders and structures; no models of its own."""

    name = "monenfant.search"
    label = "search"
    verbose_name = "Recherche"
