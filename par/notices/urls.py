from django.urls import path

from par.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/open/", views.notice_open, name="open"),
]
