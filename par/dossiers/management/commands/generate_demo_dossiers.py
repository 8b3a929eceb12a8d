"""Generate a year of demo dossiers for the demo province (see par.dossiers.demo; with --bulk, par.dossiers.bulk)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from par.dossiers.bulk import generate_bulk
from par.dossiers.demo import generate
from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind


def demo_units(province_code: str) -> dict[str, Unit]:
    """The demo ward and departments of the province, picked as the demo loader picks them."""
    current = Unit.objects.as_of(timezone.localdate())
    province = current.filter(code=province_code, kind=UnitKind.PROVINCE).first()
    if province is None:
        raise CommandError(f"Province {province_code} was not loaded (run load_demo first).")
    below = current.filter(path__startswith=province.path)

    def pick(kind: str, name_contains: str) -> Unit:
        unit = below.filter(kind=kind, name__icontains=name_contains).order_by("path").first()
        return unit or below.filter(kind=kind).order_by("path").first() or province

    return {
        "province": province,
        "justice": pick(UnitKind.DEPARTMENT, "Tư pháp"),
        "home_affairs": pick(UnitKind.DEPARTMENT, "Nội vụ"),
        "ward": pick(UnitKind.WARD, "Bỉm Sơn"),
    }


def bulk_units(province_code: str) -> list[Unit]:
    """Every receiving desk of the province in force today: its communes and wards, and its departments."""
    province = demo_units(province_code)["province"]
    current = Unit.objects.as_of(timezone.localdate()).filter(path__startswith=province.path)
    return list(current.filter(kind__in=[*COMMUNE_KINDS, UnitKind.DEPARTMENT]).order_by("path")) or [province]


class Command(BaseCommand):
    help = "Generate a year of demo dossiers (bulk inserts, then the statistics are rebuilt)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--count", type=int, default=3000)
        parser.add_argument("--province", default=settings.PAR_DEMO_PROVINCE)
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="Every commune and department of the province, loaded with COPY (millions of dossiers in minutes).",
        )

    def handle(self, *args, year: int, count: int, province: str, bulk: bool, **options):
        if count < 1:
            raise CommandError("--count must be positive")
        if bulk:
            report = generate_bulk(year=year, count=count, units=bulk_units(province))
            self.stdout.write(
                f"{report.dossiers} dossiers ({report.rows} rows) for {year} in {report.seconds:.1f} s: "
                f"{report.rows_per_second:,.0f} rows/s loaded, statistics rebuilt in {report.rollup_seconds:.1f} s"
            )
            return
        made, seconds = generate(year=year, count=count, units=demo_units(province))
        self.stdout.write(f"{made} dossiers for {year} in {seconds:.1f} s")
