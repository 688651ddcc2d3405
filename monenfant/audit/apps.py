from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "monenfant.audit"
    label = "audit"
    verbose_name = "Journal d'audit"
