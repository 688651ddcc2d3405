from django.apps import AppConfig


class BackofficeAccessConfig(AppConfig):
    name = "monenfant.backoffice_access"
    label = "backoffice_access"
    verbose_name = "Accès au back office"

    def ready(self):
        from . import signals  # noqa: F401
