"""Report URLs (mounted at /reports/): the province's report setup, then the periods and reports."""

from django.urls import path

from par.reporting import setup_views, views

app_name = "reporting"
urlpatterns = [
    path("setup/", setup_views.setup_home, name="setup_home"),
    path("setup/<int:province_pk>/", setup_views.setup_province, name="setup_province"),
    path("setup/<int:province_pk>/year/", setup_views.setup_year, name="setup_year"),
    path("setup/<int:province_pk>/periods/new/", setup_views.setup_period, name="setup_period_new"),
    path("setup/<int:province_pk>/periods/<int:pk>/", setup_views.setup_period, name="setup_period"),
    path(
        "setup/<int:province_pk>/periods/<int:pk>/delete/",
        setup_views.setup_period_delete,
        name="setup_period_delete",
    ),
    path("setup/<int:province_pk>/templates/<int:pk>/", setup_views.setup_template, name="setup_template"),
    path(
        "setup/<int:province_pk>/templates/<int:pk>/version/",
        setup_views.setup_template_version,
        name="setup_template_version",
    ),
    path(
        "setup/<int:province_pk>/templates/<int:pk>/appendix/new/",
        setup_views.setup_table_new,
        name="setup_table_new",
    ),
    path(
        "setup/<int:province_pk>/templates/<int:template_pk>/appendix/<int:pk>/",
        setup_views.setup_table,
        name="setup_table",
    ),
    path(
        "setup/<int:province_pk>/templates/<int:template_pk>/appendix/<int:pk>/delete/",
        setup_views.setup_table_delete,
        name="setup_table_delete",
    ),
    path("", views.period_list, name="period_list"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:period_pk>/new/", views.report_create, name="report_create"),
    path("periods/<int:pk>/completeness/<int:unit_pk>/", views.completeness_view, name="completeness"),
    path("periods/<int:pk>/rollup/<int:unit_pk>/", views.rollup_view, name="rollup"),
    path(
        "periods/<int:pk>/rollup/<int:unit_pk>/<int:element_pk>/<str:column>/",
        views.drilldown_view,
        name="drilldown",
    ),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/appendix/<int:table_pk>/", views.report_values, name="report_values"),
    path("<int:pk>/sections/", views.report_sections, name="report_sections"),
    path("<int:pk>/autofill/", views.report_autofill, name="report_autofill"),
    path("<int:pk>/header/", views.report_header, name="report_header"),
    path("<int:pk>/reconciliation/", views.reconciliation, name="reconciliation"),
    path("<int:pk>/<str:action>/", views.report_transition, name="report_transition"),
    path("<int:pk>/export.docx", views.export_docx, name="export_docx"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.pdf", views.export_pdf, name="export_pdf"),
]
