"""The public, anonymous API: /api/v1/public/ (no session, no authentication)."""

from django.urls import path

from par.portal import api_views

urlpatterns = [
    path("dossiers/<str:code>", api_views.dossier, name="public-dossier"),
]
