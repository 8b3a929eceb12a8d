"""manage.py load_units --province 38: load or refresh a province's units, lineage and departments."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from par.orgunits import sources
from par.orgunits.actions import do_load_province


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, not a lazy string: argparse needs a real str and the language is only known at run time.
        return _(
            "Load a current province or city (2-digit code), its communes, wards and special zones from "
            "01/07/2025, its districts and communes before 2025, the lineage links and the list of "
            "departments. Running it again changes nothing more."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", required=True, help=_("Current province code, e.g. 38 (Thanh Hoa).")
        )
        parser.add_argument(
            "--crosscheck",
            action="store_true",
            help=_(
                "Cross-check commune and ward codes and names against the vietnam-provinces package (prints "
                "differences only)."
            ),
        )

    def handle(self, *args, **options):
        code = options["province"].strip()
        provinces = sources.current_provinces()
        if code.isdigit() and len(code) == 1:
            code = code.zfill(2)
        if code not in provinces:
            valid = ", ".join(f"{c} ({name})" for c, name in provinces.items())
            raise CommandError(
                _("There is no province or city with code %(code)s. Valid codes: %(valid)s")
                % {"code": code, "valid": valid}
            )
        started = time.perf_counter()
        result = do_load_province(code, actor=None, stdout=self.stdout)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            _(
                "%(name)s (%(code)s): units %(created)d created, %(updated)d updated, %(unchanged)d "
                "unchanged; "
                "lineage links %(l_created)d created, %(l_updated)d updated, %(l_unchanged)d unchanged "
                "(%(seconds).1f s)."
            )
            % {
                "name": provinces[code],
                "code": code,
                "created": result.units_created,
                "updated": result.units_updated,
                "unchanged": result.units_unchanged,
                "l_created": result.lineage_created,
                "l_updated": result.lineage_updated,
                "l_unchanged": result.lineage_unchanged,
                "seconds": elapsed,
            }
        )
        if result.legacy_provinces:
            self.stdout.write(
                _("Merged from the former provinces: %(codes)s.")
                % {"codes": ", ".join(result.legacy_provinces)}
            )
        if result.departments_file:
            self.stdout.write(_("Departments: from file %(file)s.") % {"file": result.departments_file})
        if options["crosscheck"]:
            self._crosscheck(code)

    def _crosscheck(self, code: str) -> None:
        differences = sources.crosscheck_vietnam_provinces(code)
        if not differences:
            self.stdout.write(_("Cross-check with vietnam-provinces: no differences."))
            return
        self.stdout.write(
            _(
                "Cross-check with vietnam-provinces: %(n)d differences (the loaded data follows "
                "vietnamadminunits):"
            )
            % {"n": len(differences)}
        )
        for line in differences:
            self.stdout.write(f"  {line}")
