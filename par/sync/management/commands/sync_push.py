"""Push the outbox to the national level now, or queue the task for the worker (run every few minutes from cron)."""

from django.core.management.base import BaseCommand

from par.sync.delivery import deliver_pending
from par.sync.tasks import push_to_national


class Command(BaseCommand):
    help = "Send the sync outbox's due events to the national deployment, in order within each stream."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the task for the worker instead.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = push_to_national.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        counts = deliver_pending()
        self.stdout.write(f"{counts['delivered']} delivered, {counts['failed']} failed")
