"""Install the national model report template and the reporting periods of a year for each province.

Every write goes through the audited actions of `setup_actions`, with no user as actor: the system itself."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from par.orgunits.models import Unit, UnitKind
from par.reporting.models import ReportTemplate
from par.reporting.setup_actions import do_create_periods, do_install_default_template


def template_for_new_periods(province: Unit, national: ReportTemplate) -> ReportTemplate:
    """The province's latest own version offered for new periods, else the national model."""
    own = (
        ReportTemplate.objects.filter(province=province, is_active=True)
        .order_by("-year", "-revision")
        .first()
    )
    return own or national


class Command(BaseCommand):
    help = (
        "Install the national model PAR report template and the reporting periods of a year for each province "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="year of the periods (repeatable)")
        parser.add_argument("--province", help="code of the province (default: every province)")

    def handle(self, *args, year=None, province=None, **options):
        template, created = do_install_default_template(actor=None)
        self.stdout.write(f"{template}: {'created' if created else 'already there'}")
        provinces = Unit.objects.filter(parent__isnull=True, kind=UnitKind.PROVINCE).order_by("code")
        if province:
            provinces = provinces.filter(code=province)
            if not provinces.exists():
                raise CommandError(f"Province {province} was not loaded")
        for unit in provinces:
            chosen = template_for_new_periods(unit, template)
            for y in year or [timezone.localdate().year]:
                periods = do_create_periods(province=unit, year=y, template=chosen, actor=None)
                self.stdout.write(f"{unit.name} {y}: {len(periods)} periods on {chosen}")
