from par.scoring.views import urlpatterns  # noqa: F401

app_name = "scoring"
