"""Each framework published before publications were records becomes one publication (decision 0110).

The decision number and date come from the framework, the figures, ranks and classifications of the published
assessments from their published_* fields; an assessment of the framework that was not published is kept as
"not assessed". The points per area are read from the scores, which are locked once an assessment is approved.
"""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import Sum

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def forward(apps, schema_editor):
    IndexFramework = apps.get_model("scoring", "IndexFramework")
    Assessment = apps.get_model("scoring", "Assessment")
    Score = apps.get_model("scoring", "Score")
    RankingPublication = apps.get_model("scoring", "RankingPublication")
    PublishedResult = apps.get_model("scoring", "PublishedResult")
    for framework in IndexFramework.objects.filter(published_at__isnull=False).order_by("year", "pk"):
        assessments = list(
            Assessment.objects.filter(framework=framework).select_related("unit").order_by("unit__path")
        )
        previous = dict(
            Assessment.objects.filter(
                framework__owner_id=framework.owner_id,
                framework__assessed_kind=framework.assessed_kind,
                framework__year=framework.year - 1,
                state="published",
                published_percent__isnull=False,
            ).values_list("unit_id", "published_percent")
        )
        publication = RankingPublication.objects.create(
            framework=framework,
            framework_version=framework.version,
            max_total=framework.max_total,
            bands=[
                [b.label, str(b.min_percent)]
                for b in framework.bands.order_by("-min_percent")
            ],
            decision_number=framework.decision_number,
            decision_date=framework.decision_date or framework.published_at.astimezone(VN).date(),
            scope_size=len(assessments),
            created_at=framework.published_at,
        )
        areas: dict[int, dict[str, str]] = {}
        for row in (
            Score.objects.filter(assessment__framework=framework)
            .values("assessment_id", "criterion__area__code")
            .annotate(points=Sum("final_points"))
        ):
            if row["criterion__area__code"] is not None:
                areas.setdefault(row["assessment_id"], {})[row["criterion__area__code"]] = str(row["points"])
        published = [a for a in assessments if a.state == "published" and a.published_rank is not None]
        others = [a for a in assessments if a not in published]
        published.sort(key=lambda a: (a.published_rank, a.unit.name))
        PublishedResult.objects.bulk_create(
            [
                PublishedResult(
                    publication=publication,
                    order=i,
                    unit_id=a.unit_id,
                    unit_name=a.unit.name,
                    assessment=a,
                    status="ranked",
                    total=a.published_total,
                    applicable_max=framework.max_total,
                    percent=a.published_percent,
                    rank=a.published_rank,
                    classification=a.published_classification,
                    previous_percent=previous.get(a.unit_id),
                    area_points=areas.get(a.pk, {}),
                )
                for i, a in enumerate(published, start=1)
            ]
            + [
                PublishedResult(
                    publication=publication,
                    order=len(published) + i,
                    unit_id=a.unit_id,
                    unit_name=a.unit.name,
                    assessment=a,
                    status="not_assessed",
                )
                for i, a in enumerate(others, start=1)
            ]
        )


def backward(apps, schema_editor):
    """Put the publication in force back on the framework and its assessments, then drop the records."""
    IndexFramework = apps.get_model("scoring", "IndexFramework")
    Assessment = apps.get_model("scoring", "Assessment")
    RankingPublication = apps.get_model("scoring", "RankingPublication")
    PublishedResult = apps.get_model("scoring", "PublishedResult")
    for publication in RankingPublication.objects.filter(corrections__isnull=True):
        IndexFramework.objects.filter(pk=publication.framework_id).update(
            published_at=publication.created_at,
            decision_number=publication.decision_number,
            decision_date=publication.decision_date,
        )
        for result in PublishedResult.objects.filter(publication=publication, status="ranked"):
            Assessment.objects.filter(pk=result.assessment_id).update(
                published_total=result.total,
                published_percent=result.percent,
                published_rank=result.rank,
                published_classification=result.classification,
            )
    PublishedResult.objects.all().delete()
    # Corrections first: each one protects the decision it corrects.
    for publication in RankingPublication.objects.order_by("-created_at", "-pk"):
        publication.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_ranking_publications"),
    ]

    operations = [migrations.RunPython(forward, backward)]
