from django.urls import path

from par.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("national/", views.national, name="national"),
]
