"""Inspection URLs (mounted at /inspections/)."""

from django.urls import path

from par.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
]
