"""The index app keeps the shared skeleton (decision 0106): URLs in urls.py, refusals and files through
par.core.http, no module over 600 lines."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
MODULES = sorted(p for p in APP.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def test_no_module_of_the_index_is_over_600_lines():
    long = {str(p.relative_to(APP)): n for p in MODULES if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}


def test_the_index_pages_are_routed_only_in_urls_py():
    routed = [
        str(p.relative_to(APP))
        for p in MODULES
        if p.name != "urls.py"
        and any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "urlpatterns" for t in node.targets)
            for node in ast.parse(p.read_text()).body
        )
    ]
    assert routed == []


def test_refusals_and_downloads_go_through_the_shared_layer_only():
    own = {
        str(p.relative_to(APP)): name
        for p in MODULES
        for name in (
            "def _run(",
            "def handle_exception(",
            "class ActionErrors",
            "class Conflict(",
            "openxmlformats",
        )
        if name in p.read_text()
    }
    assert own == {}
