from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operators' tools: database backup and restore, the concurrent-writers benchmark; no
    models of its own."""

    name = "monenfant.operations"
    label = "operations"
    verbose_name = _("Exploitation")
