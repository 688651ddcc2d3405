from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HabilitationsConfig(AppConfig):
    name = "monenfant.habilitations"
    label = "habilitations"
    verbose_name = _("Habilitations")
