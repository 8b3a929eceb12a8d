"""The report app has the skeleton of every app: its URLs in urls.py, its pages reading input through forms, and
no copy of the action-to-HTTP layer of par.core.http (decision 0106)."""

from __future__ import annotations

import re
from pathlib import Path

from par.reporting import setup_views, views
from par.reporting.api import views as api_views

APP = Path(views.__file__).resolve().parent


def test_the_report_urls_are_listed_in_urls_py_only():
    assert not hasattr(views, "urlpatterns") and not hasattr(setup_views, "urlpatterns")
    from par.reporting.urls import urlpatterns

    assert {p.name for p in urlpatterns} >= {"report_values", "report_sections", "setup_table", "export_pdf"}


def test_the_report_pages_read_what_is_posted_through_forms():
    for module in ("views.py", "setup_views.py"):
        source = (APP / module).read_text()
        by_hand = re.findall(r"request\.POST(?:\[|\.get\()", source)
        assert by_hand == [], module


def test_the_report_app_keeps_no_copy_of_the_shared_http_layer():
    source = "\n".join(
        (APP / m).read_text()
        for m in ("views.py", "setup_views.py", "api/views.py", "api/serializers.py", "exporting.py")
    )
    for copy in (
        "def _run(",
        "def _download(",
        "class Conflict(",
        "class ActionErrors",
        "def handle_exception",
    ):
        assert copy not in source, copy
    assert "officedocument" not in source
    assert not hasattr(api_views, "Conflict")
