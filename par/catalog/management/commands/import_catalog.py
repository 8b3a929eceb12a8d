"""manage.py import_catalog FILE.xlsx: import a catalogue workbook (all or nothing) as a system command."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from par.catalog.actions import CatalogImportError, do_import_catalog
from par.catalog.workbook import read_workbook


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Import a procedure catalogue workbook in the template's format; nothing is saved if any row "
            "is wrong."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("Path of the .xlsx file."))

    def handle(self, *args, path: str, **options):
        try:
            with open(path, "rb") as stream:
                rows, errors = read_workbook(stream)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            if errors:
                raise CatalogImportError(errors)
            result = do_import_catalog(rows, actor=None, file_name=path)
        except CatalogImportError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            _(
                "Procedures: %(pc)d added, %(pu)d updated, %(pn)d unchanged; "
                "versions %(vc)d added, %(vu)d updated."
            )
            % {
                "pc": result.procedures_created,
                "pu": result.procedures_updated,
                "pn": result.procedures_unchanged,
                "vc": result.versions_created,
                "vu": result.versions_updated,
            }
        )
