"""The PAR index's pages under /par-index/."""

from django.urls import path

from par.scoring import publication_views, views, views_applicability, views_years

app_name = "scoring"
urlpatterns = [
    # frameworks
    path("", views.index, name="index"),
    path("frameworks/new-year/", views_years.framework_new_year, name="framework_new_year"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/export.<str:fmt>", views.framework_export, name="framework_export"),
    path("frameworks/<int:pk>/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:pk>/bands/", views.framework_bands, name="framework_bands"),
    path("frameworks/<int:pk>/open/", views.framework_open, name="framework_open"),
    path("frameworks/<int:pk>/no-survey-rule/", views_applicability.no_survey_rule, name="no_survey_rule"),
    # ranking and publication
    path("frameworks/<int:pk>/ranking/", publication_views.ranking, name="ranking"),
    path("frameworks/<int:pk>/publish/", publication_views.publish, name="publish"),
    path("frameworks/<int:pk>/decision.<str:fmt>", publication_views.decision, name="decision"),
    path("results/<int:pk>/", publication_views.published_results, name="published"),
    path("decisions/<int:pk>/", publication_views.publication_detail, name="publication"),
    path(
        "decisions/<int:pk>/decision.<str:fmt>",
        publication_views.publication_decision,
        name="publication_decision",
    ),
    path("assessments/<int:pk>/exclude/", publication_views.exclude, name="exclude"),
    path("assessments/<int:pk>/include/", publication_views.include, name="include"),
    # assessments
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/what-if/", views.what_if_view, name="what_if"),
    path("assessments/<int:pk>/<str:step>/", views.transition, name="transition"),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/",
        views.criterion_explain,
        name="criterion_explain",
    ),
    path("assessments/<int:pk>/criteria/<int:criterion_pk>/self/", views.self_score, name="self_score"),
    path("assessments/<int:pk>/criteria/<int:criterion_pk>/appraise/", views.appraise, name="appraise"),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/not-applicable/",
        views_applicability.mark_not_applicable,
        name="mark_not_applicable",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/applicability/",
        views_applicability.decide_not_applicable,
        name="decide_not_applicable",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
