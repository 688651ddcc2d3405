from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildmindersConfig(AppConfig):
    name = "monenfant.childminders"
    label = "childminders"
    verbose_name = _("Assistants maternels")

    def ready(self):
        from monenfant.backoffice_access.selectors import register_impersonation_scope

        from .selectors import accounts_of_caf

        # « Accéder au compte » (seed 000 AM-F7): a CAF's staff act in its childminders' spaces.
        register_impersonation_scope(accounts_of_caf)
