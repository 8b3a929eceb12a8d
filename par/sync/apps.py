from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "par.sync"
    label = "sync"
    verbose_name = _("Sync to the national level")

    def ready(self):
        # Registers the province token's security scheme with drf-spectacular (an import is its registration).
        from par.sync import schema  # noqa: F401
