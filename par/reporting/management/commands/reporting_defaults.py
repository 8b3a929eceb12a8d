"""Install the default report template (the Bỉm Sơn quarter I 2017 report's outline and six appendices) and the periods of a year."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from par.reporting.defaults import install_default_template, install_periods


class Command(BaseCommand):
    help = "Install the default PAR report template and the reporting periods of a year (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="year of the periods (repeatable)")

    def handle(self, *args, year=None, **options):
        template, created = install_default_template()
        self.stdout.write(f"{template}: {'created' if created else 'already there'}")
        for y in year or [timezone.localdate().year]:
            periods = install_periods(y)
            self.stdout.write(f"{y}: {len(periods)} periods")
