from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeAccessConfig(AppConfig):
    name = "monenfant.backoffice_access"
    label = "backoffice_access"
    verbose_name = _("Accès au back office")

    def ready(self):
        from . import signals  # noqa: F401
