"""Fill the folded applicant name of the dossiers filed before staff search (decision 0116)."""

import unicodedata

from django.db import migrations


def search_key(text: str) -> str:
    """par.core.text.search_key as of this migration (frozen here: a migration must not change with the code)."""
    chars = []
    for char in text:
        if char in "đĐ":
            chars.append("d")
            continue
        folded = unicodedata.normalize("NFKD", char).lower()
        chars.append("".join(c for c in folded if not unicodedata.combining(c)))
    return " ".join("".join(chars).split())


def fill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    batch = []
    for dossier in Dossier.objects.only("pk", "applicant_name").iterator(chunk_size=2000):
        dossier.applicant_folded = search_key(dossier.applicant_name)
        batch.append(dossier)
        if len(batch) == 2000:
            Dossier.objects.bulk_update(batch, ["applicant_folded"])
            batch = []
    Dossier.objects.bulk_update(batch, ["applicant_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_applicant_search"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
