"""The public, anonymous API: /api/v1/public/ (no session, no authentication)."""

from django.urls import path

from par.portal.api import views

urlpatterns = [
    path("dossiers/<str:code>", views.dossier, name="public-dossier"),
]
