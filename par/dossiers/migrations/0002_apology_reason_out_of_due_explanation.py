"""The public appointment explanation no longer carries the reason typed on an apology slip (decision 0095).

Apology slips recorded before this change appended "(reason)" to `Dossier.due_explanation`, which the public
lookup shows. The reason stays on the slip's own record (`DossierExtension.reason`), in the dossier's history
(`DossierEvent.note`) and in the audit trail; only the public explanation is rewritten, to the neutral wording
the action now writes.
"""

from django.db import migrations

NOTE = "lý do ghi trên phiếu xin lỗi và hẹn lại ngày trả kết quả"


def neutral_explanations(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    DossierExtension = apps.get_model("dossiers", "DossierExtension")
    reasons: dict[int, list[str]] = {}
    for dossier_id, reason in DossierExtension.objects.values_list("dossier_id", "reason"):
        if reason.strip():
            reasons.setdefault(dossier_id, []).append(reason)
    for dossier in Dossier.objects.filter(pk__in=reasons).only("pk", "due_explanation"):
        text = dossier.due_explanation
        for reason in reasons[dossier.pk]:
            # The old sentence: "… được dời đến <date> (<reason>); kết quả vẫn tính …" (or its English form);
            # failing that, the reason in whatever wording it was written.
            old = f" ({reason})" if f" ({reason})" in text else reason
            text = text.replace(old, f"; {NOTE}" if old.startswith(" (") else NOTE)
        if text != dossier.due_explanation:
            Dossier.objects.filter(pk=dossier.pk).update(due_explanation=text)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(neutral_explanations, migrations.RunPython.noop, elidable=True)]
