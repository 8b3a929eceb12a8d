"""Report URLs (mounted at /reports/)."""

from par.reporting import views

app_name = "reporting"
urlpatterns = views.urlpatterns
