"""Replace the database and the uploaded files with an archive's (par.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from par.core.backup import BackupError, pending_migrations, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: the database in one transaction, then the uploaded "
        "files. Refuses an archive of the other database vendor, a damaged one, and a database or MEDIA_ROOT that "
        "already holds data unless --force. Stop the web server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="the archive to restore")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and MEDIA_ROOT that already hold data"
        )

    def handle(self, *args, src, force, **options):
        try:
            manifest = restore_backup(Path(src), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {src}, made {manifest['created_at']}: the {manifest['vendor']} database and "
            f"{len(manifest['files']) - 1} uploaded files."
        )
        pending = pending_migrations(manifest)
        if pending:
            self.stdout.write(f"{len(pending)} newer migrations to apply: run `manage.py migrate`.")
