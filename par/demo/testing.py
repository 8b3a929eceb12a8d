"""The demo's data at a small size on the test units, for tests that compare figures across apps."""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.core.management import call_command

from par.demo.loaders import demo_loaders
from par.dossiers import demo as dossiers_demo


def load_small_demo(units: SimpleNamespace, year: int = 2026) -> None:
    """The calendar, the demo procedures, and each app's demo data (plans, 120 dossiers, petitions, ratings,
    inspections, surveys and reports; no index scores) at the province, two departments and one ward."""
    out = io.StringIO()
    call_command("seed_calendar", stdout=out)
    call_command("load_demo_procedures", stdout=out)
    named = {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }
    for label, module in demo_loaders():
        if label == "dossiers":
            dossiers_demo.generate(year=year, count=120, units=named)
        elif label != "scoring":
            module.load_demo(named, stdout=out)
