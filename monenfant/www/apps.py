from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "monenfant.www"
    label = "www"
    verbose_name = "Site web"
