from django.urls import path

from par.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.province, name="province"),
    path("map/", views.province_map, name="province_map"),
    path("exports/", views.my_exports, name="exports"),
    path("exports/<int:pk>/", views.export_job, name="export_job"),
    path("exports/<int:pk>/file/", views.export_job_file, name="export_job_file"),
    path("unit/<int:pk>/", views.unit_dashboard, name="unit"),
    path("unit/<int:pk>/map/", views.unit_map, name="map"),
    path("unit/<int:pk>/export/<slug:table>.xlsx", views.export, name="export"),
    path("unit/<int:pk>/measure/<str:code>/", views.measure, name="measure"),
    path("unit/<int:pk>/procedure/<str:code>/", views.procedure, name="procedure"),
    path(
        "unit/<int:pk>/procedure/<str:code>/export/<slug:table>.xlsx",
        views.export_procedure,
        name="export_procedure",
    ),
]
