from par.surveys.views import urlpatterns  # noqa: F401

app_name = "surveys"
