"""Plan URLs, gathered from the page, import and export view modules."""

from par.plans import views, views_export, views_import

app_name = "plans"
urlpatterns = views.urlpatterns + views_import.urlpatterns + views_export.urlpatterns
