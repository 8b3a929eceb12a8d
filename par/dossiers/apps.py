from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "par.dossiers"
    label = "dossiers"

    def ready(self):
        from par.calendars import impact
        from par.dossiers.calendar_impact import moved_appointments

        # Editing or confirming a calendar year lists the open dossiers whose promised dates it would move.
        impact.register("dossiers", moved_appointments)
