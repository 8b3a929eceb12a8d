"""Placeholder until the views are written."""

urlpatterns: list = []
