from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development only: the data generator, the demo set-up and the benchmarks. Listed in
    INSTALLED_APPS by the development and test settings, never by the production ones, so
    that production never imports Faker nor offers a destructive command."""

    name = "monenfant.devtools"
    label = "devtools"
    verbose_name = "Development tools"
