"""The project's URLs plus /calendars/, for tests run before par/urls.py includes the app."""

from django.urls import include, path

from par.urls import urlpatterns as project_urlpatterns

_included = any(getattr(p, "namespace", None) == "calendars" for p in project_urlpatterns)
urlpatterns = list(project_urlpatterns)
if not _included:
    urlpatterns.append(path("calendars/", include("par.calendars.urls")))
