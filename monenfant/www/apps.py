from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WwwConfig(AppConfig):
    name = "monenfant.www"
    label = "www"
    verbose_name = _("Site web")
