"""The public, anonymous API: /api/v1/public/ (no session, no authentication)."""

urlpatterns: list = []
