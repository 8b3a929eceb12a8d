"""Report URLs (mounted at /reports/)."""

from par.reporting import setup_views, views

app_name = "reporting"
urlpatterns = setup_views.urlpatterns + views.urlpatterns
