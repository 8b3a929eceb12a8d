from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "par.core"
    label = "core"

    def ready(self) -> None:
        # Each app registers its live measures in its own metrics.py (see par.metrics).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("metrics")
