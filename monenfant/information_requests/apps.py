from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationRequestsConfig(AppConfig):
    name = "monenfant.information_requests"
    label = "information_requests"
    verbose_name = _("Demandes d'information")
