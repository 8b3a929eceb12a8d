from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "par.api"
    label = "api"
