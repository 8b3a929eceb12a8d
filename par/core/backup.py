"""Backups: the database and the uploaded files in one archive file, and back (`manage.py backup` / `restore`).

An archive is an uncompressed tar holding:
- `database.dump` (PostgreSQL: pg_dump's custom format, compressed by pg_dump) or `database.sqlite3` (SQLite: a
  copy made through SQLite's online backup, consistent while the site runs);
- `media/…`: every file under MEDIA_ROOT;
- `manifest.json`, written last: the format and its version, the database vendor, the applied migrations, each
  member's size and SHA-256 (of the bytes as they went into the archive), and the creation time in UTC.

A restore checks everything it can before it changes anything, and changes the database in one transaction
(decision 0161): a refused or failed restore leaves the database and the files as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump, pg_restore and psql, with argument lists, never a shell)
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "par-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# A restore unpacks the files into a folder of this name inside MEDIA_ROOT (the same file system, so that the
# switch is a few renames), and moves the replaced files into another one until the database is restored.
# A backup leaves such folders out.
WORK_PREFIX = ".par-restore-"
# Django's own bookkeeping, filled by `migrate` itself: a migrated database without data is still empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1 << 20

# Before the dump's own statements, in the same transaction: drop every table, view and sequence of the schema,
# so that the restored database is the archive's, whatever the target held (a newer table included).
_PG_CLEAR = b"""BEGIN;
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    -- Tables first: the sequences of their identity columns go with them (they cannot be dropped alone).
    ORDER BY array_position(ARRAY['p', 'r', 'm', 'v', 'S']::char[], c.relkind::char)
  LOOP
    EXECUTE format(
      CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %I CASCADE'
                     WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %I CASCADE'
                     WHEN 'S' THEN 'DROP SEQUENCE IF EXISTS %I CASCADE'
                     ELSE 'DROP TABLE IF EXISTS %I CASCADE' END,
      r.relname);
  END LOOP;
END $$;
"""
# Sent only once pg_restore has written the whole dump: a dump cut short ends the session without it, and
# PostgreSQL rolls the transaction back.
_PG_COMMIT = b"COMMIT;\n"


class BackupError(Exception):
    """A backup or restore refused or failed, with a message for the person running it."""


def create_backup(
    dest: Path, *, connection: BaseDatabaseWrapper | None = None, media_root: Path | None = None
) -> dict[str, Any]:
    """Write the database and the files under MEDIA_ROOT to the archive `dest`; returns its manifest."""
    connection = connection or default_connection
    media_root = Path(media_root or settings.MEDIA_ROOT)
    dest = Path(dest)
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(
            _("Only PostgreSQL and SQLite databases can be backed up, not %(vendor)s.") % {"vendor": vendor}
        )
    if dest.exists():
        raise BackupError(_("%(path)s already exists: choose a new file name.") % {"path": dest})
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.partial")
    files: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(dir=dest.parent) as work, tarfile.open(partial, "w") as archive:
            dump = Path(work) / DUMP_NAMES[vendor]
            if vendor == "postgresql":
                _dump_postgresql(connection, dump)
            else:
                _dump_sqlite(connection, dump)
            migrations = sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            )
            files.append(_add(archive, dump, dump.name))
            for path in _media_files(media_root):
                files.append(_add(archive, path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}"))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "vendor": vendor,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                "migrations": migrations,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(dt.datetime.now(dt.UTC).timestamp()), 0o600
            archive.addfile(info, _BytesReader(data))
        partial.chmod(0o600)  # the archive holds every dossier and account: readable by its owner only
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def restore_backup(
    src: Path,
    *,
    connection: BaseDatabaseWrapper | None = None,
    media_root: Path | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Replace the database and the files under MEDIA_ROOT with the archive `src`'s; returns its manifest.

    Refuses an archive of the other database vendor, a damaged one (a checksum that does not match), one made by a
    newer version of PAR, and, unless `force`, a target that already holds data. All or nothing."""
    connection = connection or default_connection
    media_root = Path(media_root or settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(src, "r:")  # noqa: SIM115 (closed below, after every early refusal)
    except (tarfile.TarError, OSError) as error:
        raise _damaged(src) from error
    with archive:
        manifest = _read_manifest(archive, src)
        vendor = manifest["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _(
                    "This backup holds a %(archive)s database; this site runs on %(target)s. Nothing was restored."
                )
                % {"archive": vendor, "target": connection.vendor}
            )
        unknown = sorted(set(manifest["migrations"]) - _known_migrations())
        if unknown:
            raise BackupError(
                _(
                    "This backup was made by a newer version of PAR (migrations unknown here: %(names)s). "
                    "Install that version first. Nothing was restored."
                )
                % {"names": ", ".join(unknown[:5])}
            )
        if not force and not _database_is_empty(connection):
            raise BackupError(
                _(
                    "The database already holds data. Restore into an empty database, or add --force to replace it."
                )
            )
        if not force and any(_media_files(media_root)):
            raise BackupError(
                _(
                    "%(path)s already holds files. Restore into an empty folder, or add --force to replace them."
                )
                % {"path": media_root}
            )
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=media_root))
        try:
            with tempfile.TemporaryDirectory() as work:
                dump = Path(work) / DUMP_NAMES[vendor]
                for entry in manifest["files"]:
                    name = entry["name"]
                    target = dump if name == dump.name else staging / PurePosixPath(name).relative_to(MEDIA)
                    _extract(archive, entry, target, src)
                if vendor == "postgresql":
                    _restore_postgresql(connection, dump)
                else:
                    _restore_sqlite(connection, dump)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    _switch_media(media_root, staging)
    return manifest


def pending_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations of this version of PAR that the restored database has not applied yet (`manage.py migrate`)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}" for app, name in loader.graph.nodes if f"{app}.{name}" not in manifest["migrations"]
    )


# The archive


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


class _HashingReader:
    """Reads a file and hashes exactly the bytes read: those that go into the archive."""

    def __init__(self, file: IO[bytes]):
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.sha256.update(chunk)
        return chunk


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as file:
        stat = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(file)
        archive.addfile(info, reader)
    return {"name": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _media_files(media_root: Path):
    """The regular files under MEDIA_ROOT, in a stable order, without a restore's work folders."""
    if not media_root.is_dir():
        return
    for folder, dirs, names in os.walk(media_root):
        if Path(folder) == media_root:
            dirs[:] = [d for d in dirs if not d.startswith(WORK_PREFIX)]
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _damaged(src: Path) -> BackupError:
    return BackupError(_("%(path)s is not a PAR backup or is damaged. Nothing was restored.") % {"path": src})


def _read_manifest(archive: tarfile.TarFile, src: Path) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        reader = archive.extractfile(member)
        manifest = json.loads(reader.read()) if reader else None
        members = {m.name: m for m in archive.getmembers() if m.name != MANIFEST}
    except (KeyError, ValueError, tarfile.TarError, OSError) as error:
        raise _damaged(src) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(src)
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("This backup's format (version %(version)s) is not one this version of PAR reads.")
            % {"version": manifest.get("version")}
        )
    vendor = manifest.get("vendor")
    files = manifest.get("files")
    if (
        vendor not in DUMP_NAMES
        or not isinstance(files, list)
        or not isinstance(manifest.get("migrations"), list)
    ):
        raise _damaged(src)
    names = [str(entry.get("name")) if isinstance(entry, dict) else "" for entry in files]
    # Exactly the listed members, each a plain file at a plain relative name: nothing lands outside MEDIA_ROOT.
    if (
        names.count(DUMP_NAMES[vendor]) != 1
        or set(names) != set(members)
        or len(set(names)) != len(names)
        or not all(n == DUMP_NAMES[vendor] or _safe_media_name(n) for n in names)
        or not all(members[n].isreg() for n in names)
    ):
        raise _damaged(src)
    return manifest


def _safe_media_name(name: Any) -> bool:
    if not isinstance(name, str) or not name.startswith(f"{MEDIA}/") or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return (
        len(parts) > 1
        and not any(p in ("", ".", "..") for p in parts)
        and not parts[1].startswith(WORK_PREFIX)
    )


def _extract(archive: tarfile.TarFile, entry: dict[str, Any], target: Path, src: Path) -> None:
    """Copy one member to `target`, refusing it when its bytes are not the ones the manifest lists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        reader = archive.extractfile(entry["name"])
        if reader is None:
            raise _damaged(src)
        with reader, target.open("wb") as out:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (tarfile.TarError, OSError) as error:
        raise _damaged(src) from error
    if digest.hexdigest() != entry.get("sha256") or target.stat().st_size != entry.get("size"):
        raise BackupError(
            _("%(path)s is damaged: %(name)s does not match its checksum. Nothing was restored.")
            % {"path": src, "name": entry["name"]}
        )


def _known_migrations() -> set[str]:
    """Every migration this version of PAR knows, with those a squashed migration replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    for migration in loader.disk_migrations.values():
        known.update(f"{app}.{name}" for app, name in migration.replaces)
    return known


def _database_is_empty(connection: BaseDatabaseWrapper) -> bool:
    """No table holds a row (Django's bookkeeping aside): a new database, migrated or not."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (a table name from the catalogue)
            if cursor.fetchone():
                return False
    return True


def _switch_media(media_root: Path, staging: Path) -> None:
    """Put the restored files in place of the current ones: renames within MEDIA_ROOT, then drop the old ones."""
    replaced = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=media_root))
    for entry in media_root.iterdir():
        if not entry.name.startswith(WORK_PREFIX):
            entry.rename(replaced / entry.name)
    for entry in staging.iterdir():
        entry.rename(media_root / entry.name)
    staging.rmdir()
    shutil.rmtree(replaced)


# SQLite


def _dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # SQLite's backup writes the whole destination in one transaction: it is replaced entirely or not at all.
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(_("The database could not be restored: %(error)s") % {"error": error}) from error
    finally:
        source.close()


# PostgreSQL


def _pg_tool(connection: BaseDatabaseWrapper, name: str) -> str:
    """The path of pg_dump, pg_restore or psql of the server's major version or newer (an older one refuses)."""
    connection.ensure_connection()
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    folder = settings.PAR_PG_BIN or f"/usr/lib/postgresql/{major}/bin"
    tool = str(Path(folder) / name) if (Path(folder) / name).exists() else shutil.which(name)
    if tool is None:
        raise BackupError(
            _(
                "%(tool)s is not installed: install the PostgreSQL %(major)s client (Debian: postgresql-client-%(major)s)."
            )
            % {"tool": name, "major": major}
        )
    version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", version)
    if found is None or int(found[1]) < major:
        raise BackupError(
            _("%(tool)s is older than the PostgreSQL %(major)s server: install postgresql-client-%(major)s.")
            % {"tool": tool, "major": major}
        )
    return tool


def _pg_command(connection: BaseDatabaseWrapper, tool: str, parameters: list[str]) -> tuple[list[str], dict]:
    args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, parameters)
    return [tool, *args[1:]], {**os.environ, **(env or {})}


def _dump_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    tool = _pg_tool(connection, "pg_dump")
    args, env = _pg_command(
        connection, tool, ["--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"]
    )
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()[-500:]})


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """pg_restore writes the dump as SQL; psql runs it after _PG_CLEAR, and commits only once the dump is whole."""
    pg_restore, psql = _pg_tool(connection, "pg_restore"), _pg_tool(connection, "psql")
    connection.close()  # this process's own session holds nothing that the restore waits for
    load_args, env = _pg_command(connection, psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1"])
    # Comments are left out: COMMENT ON EXTENSION needs the extension's owner, and PAR's tables have none.
    restore_args = [pg_restore, "--no-owner", "--no-privileges", "--no-comments", "--file=-", str(dump)]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as load_errors:
        restore = subprocess.Popen(restore_args, stdout=subprocess.PIPE, stderr=restore_errors)  # noqa: S603
        load = subprocess.Popen(  # noqa: S603
            load_args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_errors, env=env
        )
        assert restore.stdout is not None and load.stdin is not None
        try:
            load.stdin.write(_PG_CLEAR)
            shutil.copyfileobj(restore.stdout, load.stdin, CHUNK)
            if restore.wait() == 0:
                load.stdin.write(_PG_COMMIT)
        except BrokenPipeError:
            pass  # psql stopped at an error: its message is read below
        finally:
            for stream in (load.stdin, restore.stdout):
                with contextlib.suppress(OSError):  # a pipe whose reader already stopped
                    stream.close()
            if restore.poll() is None:
                restore.kill()
            restored, loaded = restore.wait() == 0, load.wait() == 0
        if not (restored and loaded):
            messages = []
            for errors in (restore_errors, load_errors):
                errors.seek(0)
                messages.append(errors.read().decode(errors="replace").strip())
            raise BackupError(
                _("The database could not be restored and was left as it was: %(error)s")
                % {"error": " ".join(m for m in messages if m)[-500:]}
            )
