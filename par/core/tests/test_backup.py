"""Backups round-trip: backup → wipe → restore gives the same rows, files and audit trail (par.core.backup).

The suite's own database is the source; each restore goes into a scratch database of the same vendor (a new
PostgreSQL database, or a new SQLite file) and a MEDIA_ROOT under tmp_path, compared row by row and byte by byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import translation

from par.accounts.models import Membership, User
from par.audit.models import AuditEvent
from par.core import backup
from par.core.backup import BackupError, create_backup, restore_backup
from par.orgunits.actions import do_create_unit
from par.orgunits.models import AdminLevel, Unit, UnitKind

pytestmark = pytest.mark.django_db(transaction=True)

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own transaction")
TABLES = [Unit._meta.db_table, User._meta.db_table, Membership._meta.db_table, "django_migrations"]
FILES = {
    "evidence/2026/bien-ban-kiem-tra.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "imports/kế-hoạch-cải-cách.docx": "Kế hoạch cải cách hành chính năm 2026".encode(),
    "empty.txt": b"",
}


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched in English here; the command's test reads them in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def data(people):
    """Units made through the action, so that the audit trail holds their events in order."""
    for n in range(3):
        do_create_unit(
            code=f"38.S{n}",
            name=f"Sở thứ {n}",
            kind=UnitKind.DEPARTMENT,
            level=AdminLevel.PROVINCE,
            parent=people.par_officer.memberships.first().unit,
            actor=people.admin,
            reason=f"Quyết định số {n}/QĐ-UBND",
        )
    assert AuditEvent.objects.count() >= 3
    return people


@pytest.fixture
def scratch(tmp_path):
    """A new, empty database of the suite's vendor, as its own connection; dropped afterwards."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_restore"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    target = type(connections["default"])(settings_dict, alias="restore")
    yield target
    target.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def rows(conn) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows in id order."""
    found = {}
    with conn.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (the test's own table names)
            values = cursor.fetchall()
            found[table] = (len(values), hashlib.sha256(repr(values).encode()).hexdigest())
    return found


def audit_trail(conn) -> list[tuple]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT id, at, actor_id, action, object_type, object_id, object_repr, unit_id, before, after, reason "
            "FROM audit_auditevent ORDER BY at, id"
        )
        return cursor.fetchall()


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_backup_restored_after_a_wipe_has_the_same_rows_files_and_audit_trail(
    data, media, scratch, tmp_path
):
    archive = tmp_path / "par.tar"
    manifest = create_backup(archive)
    before_rows, before_trail, before_files = rows(connection), audit_trail(connection), files(media)
    assert manifest["vendor"] == connection.vendor and manifest["created_at"].endswith("Z")
    assert "audit.0001_initial" in manifest["migrations"]
    assert {e["name"] for e in manifest["files"]} == {backup.DUMP_NAMES[connection.vendor]} | {
        f"media/{name}" for name in FILES
    }
    pdf = next(e for e in manifest["files"] if e["name"].endswith(".pdf"))
    assert pdf["sha256"] == hashlib.sha256(FILES["evidence/2026/bien-ban-kiem-tra.pdf"]).hexdigest()

    shutil.rmtree(media)
    restore_backup(archive, connection=scratch)

    assert rows(scratch) == before_rows
    assert audit_trail(scratch) == before_trail and len(before_trail) >= 3
    assert files(media) == before_files == FILES
    # The trail goes on where it stopped: the next event comes after every restored one.
    with scratch.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, action, object_type, object_id, object_repr, reason) "
            "VALUES (CURRENT_TIMESTAMP, 'core.restore', 'backup', '', 'par.tar', '') RETURNING id"
        )
        assert cursor.fetchone()[0] > max(event[0] for event in before_trail)


def test_restore_refuses_a_database_or_folder_that_holds_data_and_force_replaces_them(
    data, media, scratch, tmp_path, monkeypatch
):
    archive = tmp_path / "par.tar"
    create_backup(archive)
    expected_rows, expected_files = rows(connection), files(media)
    shutil.rmtree(media)
    restore_backup(archive, connection=scratch)
    # Later changes: a membership gone, a unit renamed, a new file.
    with scratch.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Membership._meta.db_table}")  # noqa: S608
        cursor.execute(f"UPDATE {Unit._meta.db_table} SET name = 'Đã đổi'")  # noqa: S608
    (media / "later.txt").write_bytes(b"later")
    changed = rows(scratch)

    with pytest.raises(BackupError, match="already holds data"):
        restore_backup(archive, connection=scratch)
    with monkeypatch.context() as patched:
        patched.setattr(backup, "_database_is_empty", lambda conn: True)
        with pytest.raises(BackupError, match="already holds files"):
            restore_backup(archive, connection=scratch)
    assert rows(scratch) == changed and (media / "later.txt").exists()

    restore_backup(archive, connection=scratch, force=True)
    assert rows(scratch) == expected_rows
    assert files(media) == expected_files
    assert not [p for p in media.iterdir() if p.name.startswith(backup.WORK_PREFIX)]


def rewrite(archive: Path, out: Path, *, manifest=None, member=None, data=None) -> Path:
    """A copy of `archive` with its manifest changed by `manifest(dict)`, or one member's bytes replaced."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == backup.MANIFEST and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            if info.name == member:
                content = data
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return out


def test_restore_refuses_a_damaged_archive_and_changes_nothing(data, media, scratch, tmp_path):
    archive = tmp_path / "par.tar"
    create_backup(archive)
    shutil.rmtree(media)
    media.mkdir()
    flipped = rewrite(archive, tmp_path / "flipped.tar", member="media/empty.txt", data=b"x")
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(flipped, connection=scratch)
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[:5000])
    with pytest.raises(BackupError, match="not a PAR backup or is damaged"):
        restore_backup(truncated, connection=scratch)
    (tmp_path / "not.tar").write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a PAR backup"):
        restore_backup(tmp_path / "not.tar", connection=scratch)
    escaping = rewrite(
        archive,
        tmp_path / "escaping.tar",
        manifest=lambda m: {**m, "files": [*m["files"], {"name": "media/../x", "size": 0, "sha256": ""}]},
    )
    with pytest.raises(BackupError, match="not a PAR backup or is damaged"):
        restore_backup(escaping, connection=scratch)
    with scratch.cursor() as cursor:
        assert scratch.introspection.table_names(cursor) == []
    assert list(media.iterdir()) == []


def test_restore_refuses_an_archive_of_the_other_vendor_or_of_a_newer_version(data, media, scratch, tmp_path):
    archive = tmp_path / "par.tar"
    create_backup(archive)
    shutil.rmtree(media)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def other_vendor(manifest):
        dump = manifest["files"][0]
        return {
            **manifest,
            "vendor": other,
            "files": [{**dump, "name": backup.DUMP_NAMES[other]}, *manifest["files"][1:]],
        }

    renamed = tmp_path / "other.tar"
    with tarfile.open(archive) as source, tarfile.open(renamed, "w") as target:
        for info in source.getmembers():
            content = source.extractfile(info).read()
            if info.name == backup.MANIFEST:
                content = json.dumps(other_vendor(json.loads(content))).encode()
            if info.name == backup.DUMP_NAMES[connection.vendor]:
                info.name = backup.DUMP_NAMES[other]
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    with pytest.raises(BackupError, match=f"holds a {other} database; this site runs on {connection.vendor}"):
        restore_backup(renamed, connection=scratch)

    newer = rewrite(
        archive,
        tmp_path / "newer.tar",
        manifest=lambda m: {**m, "migrations": [*m["migrations"], "audit.9999_from_the_future"]},
    )
    with pytest.raises(BackupError, match="newer version of PAR"):
        restore_backup(newer, connection=scratch)
    assert not media.exists() or list(media.iterdir()) == []


def test_a_restore_that_fails_in_the_database_leaves_the_files_as_they_were(
    data, media, scratch, tmp_path, monkeypatch
):
    archive = tmp_path / "par.tar"
    create_backup(archive)
    (media / "later.txt").write_bytes(b"later")
    before = files(media)

    def fail(*args):
        raise BackupError("the database refused")

    monkeypatch.setattr(backup, "_restore_postgresql", fail)
    monkeypatch.setattr(backup, "_restore_sqlite", fail)
    with pytest.raises(BackupError, match="the database refused"):
        restore_backup(archive, connection=scratch, force=True)
    assert files(media) == before
    assert not [p for p in media.iterdir() if p.name.startswith(backup.WORK_PREFIX)]


@postgresql_only
def test_a_postgresql_restore_that_fails_midway_leaves_the_database_as_it_was(
    data, media, scratch, tmp_path, monkeypatch
):
    archive = tmp_path / "par.tar"
    create_backup(archive)
    restore_backup(archive, connection=scratch, force=True)
    with scratch.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Membership._meta.db_table}")  # noqa: S608
    changed = rows(scratch)
    # The last statement fails after every table was dropped and loaded again: all of it is rolled back.
    monkeypatch.setattr(backup, "_PG_COMMIT", b"SELECT 1 / 0;\nCOMMIT;\n")
    with pytest.raises(BackupError, match="left as it was"):
        restore_backup(archive, connection=scratch, force=True)
    assert rows(scratch) == changed


def test_the_commands_write_an_archive_and_refuse_to_restore_over_data(data, media, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "par.tar"), stdout=out)
    assert f"the {connection.vendor} database and 3 uploaded files" in out.getvalue()
    assert (tmp_path / "par.tar").stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(tmp_path / "par.tar"))
    # The suite's database holds data: refused, in Vietnamese, without --force.
    with translation.override("vi"), pytest.raises(CommandError, match="Cơ sở dữ liệu đã có dữ liệu"):
        call_command("restore", str(tmp_path / "par.tar"))
