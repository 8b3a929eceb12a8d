from django.urls import path

from par.calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.calendar_index, name="index"),
]
