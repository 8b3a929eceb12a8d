"""Published answers become records of their own (decision 0093).

Each petition that was published gets a `PetitionPublication` with the question it was published with
(`Petition.public_question`, then dropped) and the answer shown at that time: the petition's answer while it is
still published; for one reopened since, the answer recorded in its history before the publication, with the
publication withdrawn at the reopening.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_publications(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    Publication = apps.get_model("petitions", "PetitionPublication")
    Event = apps.get_model("petitions", "PetitionEvent")
    for petition in Petition.objects.exclude(public_question="").order_by("pk"):
        events = list(Event.objects.filter(petition_id=petition.pk).order_by("at", "pk"))
        published = [e for e in events if e.action == "publish"]
        last = published[-1] if published else None
        if petition.published_at:
            answer, answered_at = petition.answer, petition.answered_at or petition.published_at
            published_at, withdrawn_at = petition.published_at, None
        elif last is not None:
            answers = [e for e in events if e.action == "answer" and e.at <= last.at]
            reopened = [e for e in events if e.action == "reopen" and e.at >= last.at]
            if not answers:
                continue
            answer, answered_at = answers[-1].note, answers[-1].at
            published_at = last.at
            withdrawn_at = reopened[0].at if reopened else last.at
        else:
            continue  # a question written but never published
        Publication.objects.create(
            petition_id=petition.pk,
            number=1,
            unit_id=(last.unit_id if last and last.unit_id else petition.unit_id),
            question=petition.public_question,
            answer=answer,
            answered_at=answered_at,
            published_at=published_at,
            published_by_id=last.actor_id if last else None,
            withdrawn_at=withdrawn_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0001_initial"),
        ("petitions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="petitionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submit", "Submitted"),
                    ("route", "Routed"),
                    ("answer", "Answered"),
                    ("publish", "Answer published"),
                    ("correct", "Published answer corrected"),
                    ("reopen", "Reopened by the citizen"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.CreateModel(
            name="PetitionPublication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="publication number")),
                ("question", models.TextField(verbose_name="question as published")),
                ("answer", models.TextField(verbose_name="answer as published")),
                ("answered_at", models.DateTimeField(verbose_name="answered at")),
                ("published_at", models.DateTimeField(verbose_name="published at")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="withdrawn at")),
                (
                    "corrects",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="petitions.petitionpublication",
                        verbose_name="corrects the publication",
                    ),
                ),
                (
                    "petition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="publications",
                        to="petitions.petition",
                        verbose_name="petition",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="published by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgunits.unit",
                        verbose_name="answering unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "published answer",
                "verbose_name_plural": "published answers",
                "ordering": ["petition", "number"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("withdrawn_at__isnull", True)),
                        fields=["-published_at"],
                        name="petition_pub_current_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("petition", "number"),
                        name="petition_pub_number_unique",
                        violation_error_message="This publication number is already used for the petition.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("withdrawn_at__isnull", True)),
                        fields=("petition",),
                        name="petition_pub_one_current",
                        violation_error_message="The petition already has a publication on the public page.",
                    ),
                ],
            },
        ),
        migrations.RunPython(copy_publications, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="petition",
            name="public_question",
        ),
    ]
