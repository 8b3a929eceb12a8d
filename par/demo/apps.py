from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province (`manage.py load_demo`): it loads every app's demo data, so it sits above them all."""

    name = "par.demo"
    label = "demo"
    verbose_name = _("Demo data")
