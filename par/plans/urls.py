"""Plan URLs: the pages, the import of a plan from a workbook, the exports."""

from django.urls import path

from par.plans import views, views_export, views_import

app_name = "plans"
urlpatterns = [
    path("<int:pk>/targets/new/", views.target_edit, name="target_create"),
    path("<int:pk>/targets/<int:target_pk>/", views.target_edit, name="target_edit"),
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("<int:pk>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("milestones/<int:pk>/event/", views.milestone_event, name="milestone_event"),
    path("schedule-preview/", views.schedule_preview, name="schedule_preview"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("assignments/<int:pk>/progress/", views.assignment_progress, name="assignment_progress"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("import/", views_import.import_upload, name="import_upload"),
    path("import/<uuid:token>/", views_import.import_preview, name="import_preview"),
    path("import/<uuid:token>/confirm", views_import.import_confirm, name="import_confirm"),
    path("<int:pk>/export/plan.docx", views_export.export_plan_docx, name="export_plan_docx"),
    path("<int:pk>/export/plan.xlsx", views_export.export_plan_xlsx, name="export_plan_xlsx"),
    path("<int:pk>/export/plan.pdf", views_export.export_plan_pdf, name="export_plan_pdf"),
    path("<int:pk>/export/progress.docx", views_export.export_progress_docx, name="export_progress_docx"),
    path("<int:pk>/export/progress.xlsx", views_export.export_progress_xlsx, name="export_progress_xlsx"),
]
