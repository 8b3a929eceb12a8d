"""`manage.py sweep_plan_deadlines [--enqueue]`: notify lead units of overdue and nearly due milestones.

Cron (or a systemd timer) runs it once a day, see docs/decisions/0030-deadline-sweeps.md. Inline is enough for
one province; `--enqueue` hands the work to the database worker instead, so that the cron job returns at once.
"""

from django.core.management.base import BaseCommand

from par.plans.tasks import sweep_plan_deadlines


class Command(BaseCommand):
    help = "Send notices for plan milestones that are overdue or due soon (once per milestone and unit)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the sweep for the database worker instead of running it.",
        )

    def handle(self, *args, enqueue: bool, **options):
        if enqueue:
            result = sweep_plan_deadlines.enqueue()
            self.stdout.write(f"Sweep queued as task {result.id}.")
            return
        sent = sweep_plan_deadlines.call()
        self.stdout.write(f"{sent['assignments']} assignment(s) to remind; {sent['notices']} notice(s) sent.")
