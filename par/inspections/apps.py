from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "par.inspections"
    label = "inspections"
