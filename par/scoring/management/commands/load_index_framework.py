"""Load a shipped index framework (par/scoring/frameworks/NAME.yaml) or a YAML/XLSX file for a unit and year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from par.orgunits.models import Unit
from par.scoring import exchange


class Command(BaseCommand):
    help = "Create an index framework from a shipped definition or a YAML file (idempotent for shipped ones)."

    def add_arguments(self, parser):
        parser.add_argument(
            "name", help=f"one of {', '.join(exchange.shipped_names())}, or a path to a .yaml file"
        )
        parser.add_argument("--unit", required=True, help="code of the issuing unit (the province)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--deadline", help="self-assessment deadline, dd/mm/yyyy")

    def handle(self, name, unit, year, deadline=None, **options):
        try:
            owner = Unit.objects.get(code=unit)
        except Unit.DoesNotExist:
            raise CommandError(f"No unit with code {unit}") from None
        day = dt.datetime.strptime(deadline, "%d/%m/%Y").date() if deadline else None
        try:
            if name in exchange.shipped_names():
                framework = exchange.load_shipped(name, owner=owner, year=year, self_deadline=day)
            else:
                data = exchange.read_yaml(Path(name).read_bytes())
                framework = exchange.create_framework(
                    data, owner=owner, year=year, self_deadline=day, actor=None
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"{framework} · {framework.criteria.count()} criteria")
