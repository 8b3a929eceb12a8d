from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "par.petitions"
    label = "petitions"
