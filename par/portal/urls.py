from django.urls import path

from par.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.lookup_page, name="lookup"),
    path("rate/", views.rate, name="rate"),
    path("bo-sung/", views.supplement, name="supplement"),
    path("on-time/", views.board, name="board"),
]
