from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "par.metrics"
    label = "metrics"
    verbose_name = _("Live measures")

    def ready(self) -> None:
        # Each app registers its live measures in its own metrics.py, found here once every app is loaded. The
        # measures of the unit tree are the registry's own (par.metrics.units): orgunits sits below metrics.
        from django.utils.module_loading import autodiscover_modules

        from par.metrics import units  # noqa: F401 - registers orgunits.*

        autodiscover_modules("metrics")
