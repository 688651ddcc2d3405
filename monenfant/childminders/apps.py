from django.apps import AppConfig


class ChildmindersConfig(AppConfig):
    name = "monenfant.childminders"
    label = "childminders"
    verbose_name = "Assistants maternels"
