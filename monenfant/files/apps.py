from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "monenfant.files"
    label = "files"
    verbose_name = _("Fichiers privés")

    def ready(self):
        from . import signals  # noqa: F401
