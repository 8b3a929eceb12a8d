"""manage.py load_demo_procedures: load the ~50 demo procedures (idempotent; marked as demo data)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from par.catalog.actions import CatalogImportError, do_import_catalog
from par.catalog.demo import DEMO_FILE, demo_rows


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, not a lazy string: argparse needs a real str and the language is only known at run time.
        return _(
            "Load common commune- and province-level procedures as demo data (marked “Dữ liệu minh họa”). "
            "Running it again changes nothing more; procedures already loaded as real data are left alone."
        )

    def handle(self, *args, **options):
        rows, skipped = demo_rows()
        try:
            result = do_import_catalog(rows, actor=None, file_name=DEMO_FILE.name)
        except CatalogImportError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for code in skipped:
            self.stdout.write(
                _("Skipped %(code)s: the catalogue already holds it as real data.") % {"code": code}
            )
        self.stdout.write(
            _(
                "Demo procedures: %(pc)d added, %(pu)d updated, %(pn)d unchanged; versions %(vc)d added, "
                "%(vu)d updated, %(vn)d unchanged."
            )
            % {
                "pc": result.procedures_created,
                "pu": result.procedures_updated,
                "pn": result.procedures_unchanged,
                "vc": result.versions_created,
                "vu": result.versions_updated,
                "vn": result.versions_unchanged,
            }
        )
