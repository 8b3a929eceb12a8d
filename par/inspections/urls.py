"""Inspection URLs (mounted at /inspections/)."""

from par.inspections import views

app_name = "inspections"
urlpatterns = views.urlpatterns
