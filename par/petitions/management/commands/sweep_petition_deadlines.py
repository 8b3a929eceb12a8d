"""`manage.py sweep_petition_deadlines [--enqueue]`: notify responsible units of their overdue petitions."""

from django.core.management.base import BaseCommand

from par.petitions.tasks import sweep_petition_deadlines


class Command(BaseCommand):
    help = "Send notices for overdue petitions (once per petition and due date)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the sweep for the database worker instead of running it.",
        )

    def handle(self, *args, enqueue: bool, **options):
        if enqueue:
            result = sweep_petition_deadlines.enqueue()
            self.stdout.write(f"Sweep queued as task {result.id}.")
            return
        sent = sweep_petition_deadlines.call()
        self.stdout.write(f"{sent['petitions']} overdue petition(s); {sent['notices']} notice(s) sent.")
