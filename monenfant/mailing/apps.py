from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "monenfant.mailing"
    label = "mailing"
    verbose_name = "Courriels"
