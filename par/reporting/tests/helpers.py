"""Builders shared by the report tests (no tests here): the national model template, the province's 2026 periods
on it, and personas.

Personas: the ward's officer (writes Phường Bỉm Sơn's report), the other ward's officer, and the province PAR
officer from par/conftest.py, who reviews the wards' reports as the level above.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from par.accounts.models import Membership, Role, User
from par.orgunits.models import Unit, UnitKind
from par.reporting.models import ReportingPeriod
from par.reporting.setup_actions import do_create_periods, do_install_default_template

D = Decimal
# 10:00 on Tuesday 15/09/2026 in Hà Nội, the day after the cut-off of quarter III (units due on 16/09).
NOW = dt.datetime(2026, 9, 15, 3, 0, tzinfo=dt.UTC)


def periods_of(year: int, province=None, template=None) -> dict[str, ReportingPeriod]:
    """The province's default periods of `year` on `template` (the national model), by kind ("quarter1", …)."""
    province = province or Unit.objects.get(parent__isnull=True, kind=UnitKind.PROVINCE, code="38")
    template = template or do_install_default_template(actor=None)[0]
    periods = do_create_periods(province=province, year=year, template=template, actor=None)
    return {f"{p.kind}{p.quarter or ''}": p for p in periods}


def setup_reporting() -> SimpleNamespace:
    template, _created = do_install_default_template(actor=None)
    q3 = periods_of(2026, template=template)["quarter3"]
    tables = {t.number: t for t in template.tables.all()}
    return SimpleNamespace(template=template, q3=q3, tables=tables)


def person(username: str, unit, role=Role.UNIT_OFFICER, password: str = "") -> User:
    from par.core.testing import PASSWORD

    user = User.objects.create_user(
        username=username, password=password or PASSWORD, full_name=username.title()
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def element(table, code: str):
    return table.elements.get(code=code)


def cells(table, figures: dict[str, dict]) -> dict:
    """{(element id, column): value} from {row code: {column: value}}."""
    return {
        (element(table, code).pk, column): value
        for code, row in figures.items()
        for column, value in row.items()
    }


def form_data(table, figures: dict[str, dict], version: int, reasons: dict[str, str] | None = None) -> dict:
    """The POST body of the appendix form: the given figures typed the Vietnamese way (other cells unchanged)."""
    data = {"version": str(version)}
    for el in table.elements.all():
        data[f"r-{el.pk}"] = (reasons or {}).get(el.code, "")
    for code, row in figures.items():
        el = element(table, code)
        for column, value in row.items():
            data[f"v-{el.pk}-{column}"] = value
    return data


# The Bỉm Sơn quarter I 2017 report (Bỉm Sơn, quarter I 2017), appendices 4 and 6, typed as printed.
APPENDIX_4 = {
    "tthc_trong_bo": {"total": "2.738", "province": "2.285", "commune": "149"},
    "tthc_cong_khai": {"total": "1.811", "province": "1.276", "district": "216", "commune": "108"},
    "tthc_mot_cua": {"total": "339", "district": "225", "commune": "90", "percent": "95%"},
}
APPENDIX_6 = {
    "cong_chuc_cap_xa": {"total": "78", "percent": "95,12 %", "note": "(Tháng 01/2017)"},
    "cbcc_dat_chuan": {"total": "158", "percent": "100%"},
    "cbcc_boi_duong": {"total": "240", "percent": "151%"},
}


def fill(report, table, figures: dict[str, dict], actor=None):
    """The report after saving `figures` ({row code: {column: Decimal}}) in one appendix through the action."""
    from par.reporting import actions

    report.refresh_from_db()
    return actions.do_save_values(
        report, table, cells=cells(table, figures), expected_version=report.version, actor=actor
    )


def write_text(report, actor=None):
    """The report with every required section of its template written, through the action."""
    from par.reporting import actions

    report.refresh_from_db()
    texts = {s.pk: f"Kết quả về {s.title.lower()}." for s in report.template.sections.filter(required=True)}
    return actions.do_save_sections(report, texts=texts, expected_version=report.version, actor=actor)


def approve(report, reviewer, author=None):
    """The report, its required text written, submitted by `author` and approved by `reviewer` (actions)."""
    from par.reporting import actions

    report = write_text(report, author)
    report = actions.do_submit_report(report, expected_version=report.version, actor=author)
    return actions.do_approve_report(report, expected_version=report.version, actor=reviewer)


def page_data(page, formsets=("sections", "frames")) -> dict:
    """A setup page's form and formsets as the browser sends them when nothing is changed."""
    data = {}
    forms = [page.context["form"]]
    for key in formsets:
        formset = page.context[key]
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data
