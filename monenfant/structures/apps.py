from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "monenfant.structures"
    label = "structures"
    verbose_name = "Structures"
