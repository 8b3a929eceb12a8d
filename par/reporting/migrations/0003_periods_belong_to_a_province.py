"""Existing data under the rules of decisions 0130 and 0133: every template gets the default document frame, and
every period a province and a template.

A period used by several provinces becomes one period per province, each keeping its province's reports. Its
template is the one most of its reports were started on (a period whose reports mixed versions keeps them: each
report keeps the version it was started on), else the one the former rule chose (the latest year not after the
period's). A period with no report and no province to own it is deleted: it held nothing.
"""

from collections import Counter, defaultdict

from django.db import migrations

from par.reporting.frame import DEFAULT_FRAMES

PATH_STEP = 8


def _fallback_template(Template, year):
    chosen = Template.objects.filter(is_active=True, year__lte=year).order_by("-year", "code").first()
    return chosen or Template.objects.order_by("-year", "code").first()


def forwards(apps, schema_editor):
    Unit = apps.get_model("orgunits", "Unit")
    Template = apps.get_model("reporting", "ReportTemplate")
    Frame = apps.get_model("reporting", "TemplateFrame")
    Period = apps.get_model("reporting", "ReportingPeriod")
    Deadline = apps.get_model("reporting", "PeriodDeadline")
    Report = apps.get_model("reporting", "Report")

    for template in Template.objects.all():
        have = set(Frame.objects.filter(template=template).values_list("unit_kind", flat=True))
        Frame.objects.bulk_create(
            Frame(template=template, unit_kind=kind, **wording)
            for kind, wording in DEFAULT_FRAMES.items()
            if kind not in have
        )

    provinces = list(
        Unit.objects.filter(parent__isnull=True, kind="province").order_by("pk").values_list("pk", flat=True)
    )
    for period in Period.objects.filter(province__isnull=True).order_by("pk"):
        by_root = defaultdict(list)
        for pk, path, template_id in Report.objects.filter(period=period).values_list(
            "pk", "unit__path", "template_id"
        ):
            by_root[int(path[:PATH_STEP])].append((pk, template_id))
        owners = sorted(by_root) or provinces
        deadlines = list(Deadline.objects.filter(period=period).values_list("level", "due_date"))
        fallback = _fallback_template(Template, period.year)
        kept = False
        for owner in owners:
            used = Counter(template_id for _pk, template_id in by_root.get(owner, []))
            template_id = used.most_common(1)[0][0] if used else getattr(fallback, "pk", None)
            if template_id is None:
                continue
            if not kept:
                target, kept = period, True
            else:
                target = Period.objects.create(
                    kind=period.kind,
                    year=period.year,
                    quarter=period.quarter,
                    name=period.name,
                    start=period.start,
                    cutoff=period.cutoff,
                    due_date=period.due_date,
                    legal_basis=period.legal_basis,
                    province_id=owner,
                    template_id=template_id,
                )
                Deadline.objects.bulk_create(
                    Deadline(period=target, level=level, due_date=due) for level, due in deadlines
                )
                Report.objects.filter(pk__in=[pk for pk, _t in by_root.get(owner, [])]).update(period=target)
            target.province_id, target.template_id = owner, template_id
            target.save(update_fields=["province", "template"])
        if not kept:
            Deadline.objects.filter(period=period).delete()
            period.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0001_initial"),
        ("reporting", "0002_template_versions_frames_and_province_periods"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
