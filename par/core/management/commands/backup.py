"""Write the database and the uploaded files to one archive file (par.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from par.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the database (PostgreSQL through pg_dump, SQLite through its online backup) and the uploaded files "
        "under MEDIA_ROOT to one archive file, with a manifest of checksums. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dest", help="the archive to write, e.g. /var/backups/par/par-2026-12-03.tar (must not exist)"
        )

    def handle(self, *args, dest, **options):
        try:
            manifest = create_backup(Path(dest))
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        size = sum(entry["size"] for entry in files)
        self.stdout.write(
            f"{dest}: the {manifest['vendor']} database and {len(files) - 1} uploaded files, "
            f"{size} bytes, made {manifest['created_at']}"
        )
