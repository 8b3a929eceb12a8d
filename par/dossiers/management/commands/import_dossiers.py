"""Import dossiers migrated from an earlier one-stop system (format: docs/dossier-import.md, decision 0179)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from par.accounts.models import User
from par.dossiers.actions.imports import do_import_dossiers
from par.dossiers.imports import ImportRejected


class Command(BaseCommand):
    help = "Import dossiers from a CSV file (UTF-8, one dossier a row); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="username", required=True, help="the province administrator importing"
        )
        parser.add_argument("--timings", action="store_true", help="print the seconds of each phase")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        path: Path = options["file"]
        try:
            with path.open("rb") as stream:
                report = do_import_dossiers(stream, actor=user, file_name=path.name)
        except OSError as exc:
            raise CommandError(str(exc)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(f"{report.rows} dossiers imported (SHA-256 {report.sha256}).")
        if options["timings"]:
            for phase, seconds in report.phases.items():
                self.stdout.write(f"  {phase}: {seconds:.1f} s")
