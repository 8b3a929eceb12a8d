from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "par.portal"
    label = "portal"
