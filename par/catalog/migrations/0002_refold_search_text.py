"""The catalogue's search column folded the one way the whole code base folds text (par.core.text.fold): NFKD
rather than NFD, so "m²", full-width digits and ligatures now match what a reader types ("m2")."""

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


def refold(apps, schema_editor):
    Procedure = apps.get_model("catalog", "Procedure")
    changed = []
    for procedure in Procedure.objects.only("pk", "code", "name", "search_text").iterator():
        key = search_key(f"{procedure.code} {procedure.name}")
        if key != procedure.search_text:
            procedure.search_text = key
            changed.append(procedure)
    Procedure.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop, elidable=True),
    ]
