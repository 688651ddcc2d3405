from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "monenfant.scheduler"
    label = "scheduler"
    verbose_name = "Tâches planifiées"
