from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildmindersConfig(AppConfig):
    name = "monenfant.childminders"
    label = "childminders"
    verbose_name = _("Assistants maternels")
