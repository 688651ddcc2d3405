from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "monenfant.referential"
    label = "referential"
    verbose_name = "Référentiel"
