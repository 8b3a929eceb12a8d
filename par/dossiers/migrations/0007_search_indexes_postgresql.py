"""Indexes of staff search that only PostgreSQL has (decision 0116).

- a trigram GIN index on the folded applicant name, for `applicant_folded LIKE '%word%'` (pg_trgm is a trusted
  extension: the database owner may create it);
- `varchar_pattern_ops` B-tree indexes for the prefix match of the code, the ID number and the phone: a plain
  B-tree answers `LIKE 'prefix%'` only under the C collation, and a province's server may run another one.

SQLite (the demo) has none of these: it scans, which at a demo's size costs a few milliseconds.
"""

from django.db import migrations

INDEXES = [
    ("dossier_applicant_trgm_idx", "USING gin (applicant_folded gin_trgm_ops)"),
    ("dossier_code_prefix_idx", "(code varchar_pattern_ops)"),
    ("dossier_id_number_prefix_idx", "(applicant_id_number varchar_pattern_ops)"),
    ("dossier_phone_prefix_idx", "(applicant_phone varchar_pattern_ops)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON dossiers_dossier {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_fill_applicant_folded"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
