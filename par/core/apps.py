from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "par.core"
    label = "core"
