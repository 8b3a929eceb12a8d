"""manage.py import_plan FILE: import a PAR plan from a DOCX or XLSX file, all or nothing, as the system."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from par.orgunits.models import Unit
from par.plans.actions import do_import_plan
from par.plans.importing.service import ImportPreview, find_issuing_unit, read_header, read_plan_file
from par.plans.models import ReformPlan


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # A property, not a lazy string: argparse needs a real str and the language is only known at run time.
        return _(
            "Import a PAR plan from a DOCX or XLSX file: every task or nothing. Names that match no unit must be "
            "mapped (--map) or ignored (--ignore-unmatched)."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .docx or .xlsx file."))
        parser.add_argument(
            "--unit", help=_("Code of the issuing unit (default: the issuer the file names).")
        )
        parser.add_argument("--year", type=int, help=_("Plan year (default: the year in the file)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would be imported; write nothing.")
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=CODE",
            help=_("Map a name from the file to a unit code; repeat for several names."),
        )
        parser.add_argument(
            "--ignore-unmatched",
            action="store_true",
            help=_("Keep names that match no unit only in the task text."),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            unit = self._unit(options["unit"], handle, options["year"])
            preview = read_plan_file(
                handle, province_unit=_province_of(unit), year=options["year"], unit=unit
            )
        if preview.reference_date and not unit.is_valid_on(preview.reference_date):
            unit = _version_on(unit.code, preview.reference_date) or unit
        self._refuse_on_errors(preview)
        year = preview.year
        assert year is not None  # a file without a plan year has an error and was refused above
        mapping = self._mapping(preview, options["map"], options["ignore_unmatched"])
        self._summary(preview, unit, mapping)
        if options["dry_run"]:
            if ReformPlan.objects.filter(unit=unit, year=year).exists():
                raise CommandError(
                    _("%(unit)s already has a PAR plan for %(year)s.") % {"unit": unit, "year": year}
                )
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            plan = do_import_plan(preview, mapping=mapping, unit=unit, year=year, actor=None)
        except ValidationError as exc:
            raise CommandError(
                _("Nothing was imported: %(reason)s") % {"reason": " ".join(exc.messages)}
            ) from exc
        self.stdout.write(
            _("Imported plan #%(id)s “%(title)s” with %(tasks)s tasks.")
            % {"id": plan.pk, "title": plan.title, "tasks": plan.tasks.count()}
        )

    def _unit(self, code: str | None, handle, year: int | None) -> Unit:
        header = read_header(handle)
        day = header.decision_date or dt.date(year or header.year or dt.date.today().year, 1, 1)
        if code:
            unit = _version_on(code, day)
            if unit is None:
                raise CommandError(_("No unit has the code %(code)s.") % {"code": code})
            return unit
        unit = find_issuing_unit(header, day)
        if unit is None and header.issuer:
            raise CommandError(
                _(
                    "No unit matches the issuer the file names (“%(issuer)s”) on %(date)s; give the issuing unit "
                    "with --unit CODE."
                )
                % {"issuer": header.issuer, "date": day.strftime("%d/%m/%Y")}
            )
        if unit is None:
            raise CommandError(
                _("The file does not say which unit issued it (issuer: “%(issuer)s”); give --unit CODE.")
                % {"issuer": header.issuer or header.unit_code or "?"}
            )
        return unit

    def _refuse_on_errors(self, preview: ImportPreview) -> None:
        if not preview.errors:
            return
        for issue in preview.errors:
            self.stderr.write(f"  {issue}")
        raise CommandError(_("The file has %(n)s errors; nothing was imported.") % {"n": len(preview.errors)})

    def _mapping(self, preview: ImportPreview, pairs: list[str], ignore: bool) -> dict[str, int | None]:
        keys = {entry.key for entry in preview.unmatched}
        mapping: dict[str, int | None] = {}
        for pair in pairs:
            name, sep, code = pair.rpartition("=")
            target = preview.matcher.by_code(code) if sep and preview.matcher else None
            if target is None:
                raise CommandError(
                    _("--map %(pair)s: no unit with code “%(code)s” in %(province)s on that date.")
                    % {"pair": pair, "code": code, "province": preview.province}
                )
            if preview.key_of(name) not in keys:
                raise CommandError(
                    _("--map %(pair)s: the file has no unmatched name “%(name)s”.")
                    % {"pair": pair, "name": name}
                )
            mapping[preview.key_of(name)] = target.pk
        if ignore:
            for key in keys - set(mapping):
                mapping[key] = None
        left = [entry for entry in preview.unmatched if entry.key not in mapping]
        if left:
            self.stderr.write(_("Names that match no unit:"))
            for entry in left:
                close = ", ".join(f"{u.name} ({u.code})" for u in entry.suggestions) or "—"
                self.stderr.write(
                    "  - "
                    + _("%(name)s (in: %(rows)s); close matches: %(close)s")
                    % {"name": entry.name, "rows": "; ".join(entry.refs), "close": close}
                )
            raise CommandError(
                _('%(n)s names match no unit: map them with --map "NAME=CODE" or use --ignore-unmatched.')
                % {"n": len(left)}
            )
        return mapping

    def _summary(self, preview: ImportPreview, unit: Unit, mapping: dict[str, int | None]) -> None:
        self.stdout.write(
            _("%(file)s → %(unit)s, %(year)s: %(tasks)s tasks in %(areas)s areas, %(milestones)s milestones.")
            % {
                "file": Path(preview.file_name).name,
                "unit": unit,
                "year": preview.year,
                "tasks": len(preview.rows),
                "areas": len(preview.areas),
                "milestones": preview.milestone_count,
            }
        )
        for area in preview.areas:
            named = sum(
                len(row.lead_units)
                + len(row.coordinating_units)
                + sum(1 for k, _n, _r in row.unmatched if mapping.get(k))
                for row in area.rows
            )
            self.stdout.write(
                "  "
                + _(
                    "%(area)s: %(tasks)s tasks, %(milestones)s milestones, %(named)s unit assignments, "
                    "%(groups)s unit groups (expanded when the plan is issued)"
                )
                % {
                    "area": area.name,
                    "tasks": len(area.rows),
                    "milestones": sum(len(row.schedule.milestones) for row in area.rows),
                    "named": named,
                    "groups": sum(len(row.lead_groups) + len(row.coordinating_groups) for row in area.rows),
                }
            )
        for issue in preview.warnings:
            self.stdout.write(f"  ! {issue}")


def _province_of(unit: Unit) -> Unit:
    return unit.ancestors().first() or unit


def _version_on(code: str, day: dt.date) -> Unit | None:
    """The row of the unit with this code in force on `day`, else its latest row."""
    versions = list(Unit.objects.filter(code=code.strip()).order_by("-valid_from"))
    return next((u for u in versions if u.is_valid_on(day)), versions[0] if versions else None)
