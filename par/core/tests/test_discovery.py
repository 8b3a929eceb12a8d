"""Apps announce themselves (decision 0118): an app's menu entries, API routes and demo data are found in the app,
and no central list names the apps. `par.core.tests.announcing` is an app that only these tests install; nothing
outside it names it, yet it shows up in the menu, the API and the demo.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from par.accounts.context_processors import _menu
from par.api.urls import build_router
from par.demo.loaders import demo_loaders

PAR = Path(__file__).resolve().parents[2]
TEST_APP = "par.core.tests.announcing"


def _with_test_app() -> list[str]:
    """INSTALLED_APPS with the test app right after core: its demo data must then wait for what its AFTER names."""
    installed = list(settings.INSTALLED_APPS)
    at = installed.index("par.core") + 1
    return [*installed[:at], TEST_APP, *installed[at:]]


def _menu_for(user) -> list[dict]:
    request = RequestFactory().get("/")
    request.user = user
    return _menu(request)


def _links(items: list[dict]) -> list[str]:
    keys = []
    for item in items:
        keys.extend(child["key"] for child in item.get("children", [item]))
    return keys


@pytest.mark.django_db
def test_a_new_app_appears_in_the_menu_in_its_group_and_place_without_a_central_list(people):
    assert "announced" not in _links(_menu_for(people.admin))
    with override_settings(INSTALLED_APPS=_with_test_app()):
        items = _menu_for(people.admin)
    system = next(item for item in items if item["key"] == "system")
    assert system["keys"] == ["apitokens", "sync", "calendars", "announced", "audit", "admin"]
    assert "announced" not in _links(_menu_for(people.admin))  # gone again with the app


@pytest.mark.django_db
def test_the_menu_of_every_app_costs_one_query_for_roles_and_notices(people):
    for user in (people.admin, people.par_officer, people.ward_clerk, people.outsider):
        _menu_for(user)  # modules found and imported once per process
        with CaptureQueriesContext(connection) as queries:
            _menu_for(user)
        assert len(queries) <= 2, [
            q["sql"] for q in queries
        ]  # roles with unread count; without a role, the count


@pytest.mark.django_db
def test_the_menu_order_is_the_groups_then_each_apps_order(people):
    items = _menu_for(people.admin)
    reform = next(item for item in items if item["key"] == "reform")
    one_stop = next(item for item in items if item["key"] == "one_stop")
    assert [item["key"] for item in items][0] == "home" and items[-1]["key"] == "notices"
    assert reform["keys"][:4] == ["plans", "plan_import", "deadlines", "reports"]
    assert one_stop["keys"] == [
        "dossiers.desk",
        "dossiers.queue",
        "dossiers.search",
        "dossiers.board",
        "petitions",
        "portal_lookup",
        "portal_board",
        "catalog",
    ]


def test_a_new_app_registers_its_api_routes_without_a_central_list():
    assert "announced" not in [prefix for prefix, _viewset, _name in build_router().registry]
    with override_settings(INSTALLED_APPS=_with_test_app()):
        prefixes = [prefix for prefix, _viewset, _name in build_router().registry]
    assert "announced" in prefixes
    assert {"units", "plans", "procedures", "dossiers", "petitions", "reports", "index-frameworks"} <= set(
        prefixes
    )


def test_a_new_apps_demo_data_is_loaded_after_the_apps_it_names():
    with override_settings(INSTALLED_APPS=_with_test_app()):
        order = [label for label, _module in demo_loaders()]
        out = io.StringIO()
        dict(demo_loaders())["announcing"].load_demo({}, out)
    assert order[:3] == ["plans", "dossiers", "announcing"]
    assert "Announced demo data." in out.getvalue()


def test_the_demo_order_loads_what_each_app_reads_first():
    assert [label for label, _module in demo_loaders()] == [
        "plans",
        "dossiers",
        "petitions",
        "portal",
        "inspections",  # before reporting: the ward's report is filled with its findings
        "reporting",
        "surveys",
        "scoring",  # last: its measured criteria read all the above
    ]


@pytest.mark.parametrize(
    "path", ["accounts/context_processors.py", "api/urls.py", "demo/management/commands/load_demo.py"]
)
def test_no_central_list_names_the_apps_that_announce_themselves(path):
    apps = {
        "plans",
        "catalog",
        "calendars",
        "dossiers",
        "petitions",
        "portal",
        "inspections",
        "reporting",
        "scoring",
        "surveys",
        "apitokens",
        "audit",
    }
    tree = ast.parse((PAR / path).read_text(encoding="utf-8"))
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    named = {text for text in strings if text in apps or text.split(":")[0] in apps}
    assert not named, f"{path} names {sorted(named)}"
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"MENU_APPS", "DEMO_APPS"}
    routes = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "register"]
    assert not routes, f"{path} registers routes itself"


def test_demo_loaders_that_wait_on_each_other_fail_loudly(monkeypatch):
    from types import SimpleNamespace

    from django.core.exceptions import ImproperlyConfigured

    from par.demo import loaders

    def load_demo(units, stdout):
        return None

    found = (
        ("plans", SimpleNamespace(AFTER=("dossiers",), load_demo=load_demo)),
        ("dossiers", SimpleNamespace(AFTER=("plans",), load_demo=load_demo)),
    )
    monkeypatch.setattr(loaders, "announcing", lambda name: found)
    with pytest.raises(ImproperlyConfigured, match="wait on each other"):
        loaders.demo_loaders()
    monkeypatch.setattr(
        loaders,
        "announcing",
        lambda name: (("plans", SimpleNamespace(AFTER=("nowhere",), load_demo=load_demo)),),
    )
    with pytest.raises(ImproperlyConfigured, match="not installed"):
        loaders.demo_loaders()


def test_a_menu_in_an_unknown_group_fails_loudly(monkeypatch):
    from types import SimpleNamespace

    from django.core.exceptions import ImproperlyConfigured

    from par.accounts import context_processors

    monkeypatch.setattr(
        context_processors, "announcing", lambda name: (("plans", SimpleNamespace(GROUP="misc")),)
    )
    with pytest.raises(ImproperlyConfigured, match="GROUP"):
        context_processors.menu_modules()
