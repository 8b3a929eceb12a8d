from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "par.scoring"
    label = "scoring"
