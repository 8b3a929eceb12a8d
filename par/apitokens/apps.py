from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiTokensConfig(AppConfig):
    name = "par.apitokens"
    label = "apitokens"
    verbose_name = _("API tokens")

    def ready(self):
        # Registers the token's security scheme with drf-spectacular (an import is its registration).
        from par.apitokens import schema  # noqa: F401
