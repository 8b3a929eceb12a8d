from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "par.surveys"
    label = "surveys"
