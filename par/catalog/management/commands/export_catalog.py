"""manage.py export_catalog FILE.xlsx: write the whole catalogue in the import format."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from par.catalog.models import Procedure
from par.catalog.workbook import build_workbook


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _("Write every procedure with all its versions, documents and steps to an .xlsx workbook.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Path of the .xlsx file."))

    def handle(self, *args, path: str, **options):
        procedures = Procedure.objects.select_related("field").prefetch_related(
            "versions__steps", "versions__documents"
        )
        build_workbook(procedures).save(path)
        self.stdout.write(_("Wrote %(n)d procedures to %(path)s.") % {"n": procedures.count(), "path": path})
