"""Create the national calendar if missing and fill years from the `holidays` package."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year


def _dates(days) -> str:
    return ", ".join(d.strftime("%d/%m") for d in days)


class Command(BaseCommand):
    help = _(
        "Create the national calendar (VN) if missing and generate its days off and make-up days from the "
        "holidays package."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            help=_("Years to generate (default: last year, this year and next year)."),
        )

    def handle(self, *args, years=None, **options):
        if not years:
            this_year = timezone.localdate().year
            years = [this_year - 1, this_year, this_year + 1]
        calendar, created = do_ensure_national_calendar(actor=None)
        if created:
            self.stdout.write(
                _("Created calendar %(code)s · %(name)s.") % {"code": calendar.code, "name": calendar.name}
            )
        for year in sorted(set(years)):
            result = do_seed_calendar_year(calendar, year, actor=None)
            if result.skipped_confirmed:
                self.stdout.write(_("%(year)d: year already confirmed, left unchanged.") % {"year": year})
                continue
            line = _(
                "%(year)d: %(created)d added, %(updated)d updated, %(deleted)d deleted, "
                "%(unchanged)d unchanged, %(manual)d hand-entered days kept."
            ) % {
                "year": year,
                "created": len(result.created),
                "updated": len(result.updated),
                "deleted": len(result.deleted),
                "unchanged": len(result.unchanged),
                "manual": len(result.kept_manual),
            }
            self.stdout.write(line)
            if result.created:
                self.stdout.write("  " + _("Days added: %(days)s") % {"days": _dates(result.created)})
        self.stdout.write(
            self.style.SUCCESS(_("Done. Confirm each year against the official notice in the admin."))
        )
