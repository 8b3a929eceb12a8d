from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "par.reporting"
    label = "reporting"
