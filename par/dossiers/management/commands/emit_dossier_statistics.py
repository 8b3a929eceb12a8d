"""Put a day's dossier statistics into the sync outbox (default: yesterday), or queue the task for the worker."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from par.dossiers.actions.statistics import do_emit_daily_statistics
from par.dossiers.tasks import emit_daily_dossier_statistics


class Command(BaseCommand):
    help = "Emit one day's dossier statistics per unit and procedure to the national level (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day, dd/mm/yyyy (default: yesterday).")
        parser.add_argument("--enqueue", action="store_true", help="Queue the task for the worker instead.")

    def handle(self, *args, day=None, enqueue=False, **options):
        if enqueue:
            result = emit_daily_dossier_statistics.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        if day:
            try:
                when = dt.datetime.strptime(day, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(f"--day must be dd/mm/yyyy, got {day!r}") from exc
        else:
            when = timezone.localdate() - dt.timedelta(days=1)
        written = do_emit_daily_statistics(when)
        self.stdout.write(f"{when:%d/%m/%Y}: {'emitted' if written else 'nothing emitted'}")
