from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "par.dossiers"
    label = "dossiers"
