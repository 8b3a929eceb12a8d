"""Send the due-soon and overdue notices of dossier steps now, or queue the task for the worker."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from par.dossiers.tasks import sweep, sweep_dossier_deadlines


class Command(BaseCommand):
    help = "Notify officers of dossier steps that are due soon or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the task for the worker instead.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = sweep_dossier_deadlines.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        sent = sweep(timezone.localdate())
        self.stdout.write(f"{sent['dossiers']} dossiers, {sent['notices']} notices")
