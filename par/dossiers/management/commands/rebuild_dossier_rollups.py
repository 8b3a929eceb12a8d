"""Recompute the dossier statistics table from the dossiers."""

from django.core.management.base import BaseCommand

from par.dossiers.rollups import rebuild


class Command(BaseCommand):
    help = "Recompute the dossier statistics (rollups) from the dossiers."

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(f"{rows} rows")
