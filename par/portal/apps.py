from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "par.portal"
    label = "portal"

    def ready(self):
        from par.dossiers.signals import dossier_changed
        from par.portal.lookup import on_dossier_changed

        # Sent after each dossier transition commits: drop the cached public view of that code.
        dossier_changed.connect(on_dossier_changed, dispatch_uid="portal.invalidate_lookup")
