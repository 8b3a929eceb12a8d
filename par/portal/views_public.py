"""The public portal at /cong-khai/ (no sign-in): a hub and one page per published subject (decision 0167).

Every page reads counts or published records only (`par.portal.public`); every list pages, sorts, filters and
searches, and a bad parameter is refused with a message (400) rather than guessed. Pages may be cached by the
browser and shared caches for a few minutes: they are the same for every visitor.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from par.core.lists import Sort
from par.dossiers.models import Channel
from par.orgunits.models import COMMUNE_KINDS, UnitKind
from par.petitions.models import PetitionKind, PetitionPublication
from par.portal import public
from par.portal.access import access_public_unit, portal_province, public_communes, public_units
from par.portal.listing import query_list, read_list, row_list
from par.portal.map import band_of, build_map
from par.scoring.models import RankingPublication

public_page = cache_control(public=True, max_age=300)


def _sort_choices(sorts) -> list[tuple[str, str]]:
    choices = []
    for key, sort in sorts.items():
        choices += [(key, f"{sort.label} ↑"), (f"-{key}", f"{sort.label} ↓")]
    return choices


def list_page(request, template: str, form, context: dict[str, Any]):
    """Render a list page; an invalid query string renders the same page empty with its errors, as 400."""
    context = {**context, "form": form, "sort_choices": _sort_choices(form.sorts)}
    if form.is_bound and not form.is_valid():
        return render(request, template, {**context, "list": None}, status=400)
    return render(request, template, context)


def _cleaned(form) -> dict[str, Any]:
    return form.cleaned_data if form.is_bound else {}


def _choice(label, choices, message, empty=None):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty or _("All")), *choices],
        error_messages={"invalid_choice": message},
    )


@require_GET
@public_page
def hub(request):
    """The portal's front page: the lookup form and one card per subject with its headline figure."""
    province = portal_province()
    start, end = public.year_so_far()
    figures: dict[str, Any] = {}
    if province is not None:
        for name, code in (
            ("on_time", public.ON_TIME),
            ("satisfaction", public.SATISFACTION),
            ("tasks_due", public.TASKS_DUE),
            ("tasks_completed", public.TASKS_COMPLETED),
        ):
            figures[name] = public.measure(code, [province], start, end).get(province.pk)
    in_force = [p for p in public.index_publications() if p.corrected_by is None]
    context = {
        "province": province,
        "start": start,
        "end": end,
        "figures": figures,
        "answers": PetitionPublication.objects.in_force().count(),
        "in_force": in_force[:3],
    }
    return render(request, "portal/public/hub.html", context)


UNIT_SORTS = {
    "name": Sort(_("Procedure"), ["procedure__name"]),
    "pct": Sort(_("On-time share"), ["pct"]),
    "resolved": Sort(_("Results issued"), ["resolved"]),
}


@require_GET
@public_page
def unit_on_time(request, pk: int):
    """One unit's on-time results this year, by procedure (the map's and the board's drill-down)."""
    unit = access_public_unit(pk)
    start, end = public.year_so_far()
    filters = {"channel": _choice(_("Channel"), Channel.choices, _("Choose a channel from the list."))}
    form = read_list(request, sorts=UNIT_SORTS, filters=filters)
    context: dict[str, Any] = {"unit": unit, "start": start, "end": end}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        rows = public.on_time_by_procedure(unit, start, end, channel=data.get("channel") or "")
        for word in (data.get("q") or "").split():
            rows = rows.filter(procedure__name__icontains=word)
        context["overall"] = public.measure(public.ON_TIME, [unit], start, end).get(unit.pk)
        context["list"] = query_list(
            request, rows, sorts=UNIT_SORTS, default_sort="-resolved", key="procedure_id"
        )
    return list_page(request, "portal/public/unit_on_time.html", form, context)


ANSWER_SORTS = {
    "published": Sort(_("Published at"), ["published_at"]),
    "answered": Sort(_("Answered at"), ["answered_at"]),
    "unit": Sort(_("Answering unit"), ["unit__name"]),
}


@require_GET
@public_page
def answers(request):
    """Published petition answers: searched in the published texts, by kind, sorted, paged (decision 0093)."""
    filters = {
        "kind": _choice(_("About"), PetitionKind.choices, _("Choose a kind of petition from the list."))
    }
    form = read_list(request, sorts=ANSWER_SORTS, filters=filters)
    context: dict[str, Any] = {}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        rows: QuerySet = PetitionPublication.objects.in_force()
        if data.get("kind"):
            rows = rows.filter(petition__kind=data["kind"])
        if data.get("q"):
            rows = public.search_answers(rows, data["q"])
        context["list"] = query_list(request, rows, sorts=ANSWER_SORTS, default_sort="-published")
    return list_page(request, "portal/public/answers.html", form, context)


RANKING_SORTS = {
    "order": Sort(_("Order in the decision"), ["order"]),
    "percent": Sort(_("Index (%)"), ["percent"]),
    "name": Sort(_("Unit"), ["unit_name"]),
}


@require_GET
@public_page
def index_results(request):
    """The published index decisions with their history, and the ranking of the chosen decision in force."""
    publications = public.index_publications()
    in_force = [p for p in publications if p.corrected_by is None]
    filters = {
        "decision": _choice(
            _("Decision"),
            [(str(p.pk), f"{p.decision_number} · {p.framework.name}") for p in publications],
            _("Choose a published decision from the list."),
            empty=_("The latest decision in force"),
        )
    }
    form = read_list(request, sorts=RANKING_SORTS, filters=filters)
    context: dict[str, Any] = {"publications": publications}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        chosen: RankingPublication | None = next(
            (p for p in publications if str(p.pk) == data.get("decision")), in_force[0] if in_force else None
        )
        context["chosen"] = chosen
        if chosen is not None:
            rows = public.ranking_rows(chosen)
            for word in (data.get("q") or "").split():
                rows = rows.filter(unit_name__icontains=word)
            context["list"] = query_list(request, rows, sorts=RANKING_SORTS, default_sort="order")
    return list_page(request, "portal/public/index_results.html", form, context)


AREA_SORTS = {
    "area": Sort(_("Reform area"), ["order"]),
    "pct": Sort(_("Completed (%)"), ["pct"]),
    "tasks": Sort(_("Tasks"), ["tasks"]),
}


@require_GET
@public_page
def plan_progress(request):
    """Task completion by reform area over the year's issued plans: counts only."""
    start, end = public.year_so_far()
    years = [(str(y), str(y)) for y in range(end.year, end.year - 5, -1)]
    filters = {"year": _choice(_("Year"), years, _("Choose a year from the list."), empty=_("This year"))}
    form = read_list(request, sorts=AREA_SORTS, filters=filters)
    context: dict[str, Any] = {"end": end}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        year = int(data.get("year") or end.year)
        order = {code: i for i, code in enumerate(public.AREA_LABELS)}
        rows = [
            {
                "order": order.get(r["task__area__code"], len(order)),
                "area": public.area_label(r["task__area__code"]),
                "tasks": r["tasks"],
                "completed": r["completed"],
                "on_time": r["on_time"],
                "pct": r["pct"],
            }
            for r in public.plan_progress(year, portal_province())
        ]
        context["year"] = year
        context["list"] = row_list(
            request, rows, sorts=AREA_SORTS, default_sort="area", search=lambda r: r["area"], cleaned=data
        )
    return list_page(request, "portal/public/plan_progress.html", form, context)


KIND_FILTER = [("department", _("Departments")), ("commune", _("Communes and wards"))]
UNIT_FIGURE_SORTS = {
    "name": Sort(_("Unit"), ["name"]),
    "value": Sort(_("Value"), ["value"]),
}


def kind_filter() -> forms.Field:
    return _choice(_("Units"), KIND_FILTER, _("Choose a kind of unit from the list."))


def kind_matches(row: dict[str, Any], kind: str) -> bool:
    return not kind or (
        row["kind"] == UnitKind.DEPARTMENT if kind == "department" else row["kind"] in COMMUNE_KINDS
    )


@require_GET
@public_page
def satisfaction(request):
    """The satisfaction index of each department and commune this year (anonymous answers, aggregated)."""
    start, end = public.year_so_far()
    filters = {"kind": kind_filter()}
    form = read_list(request, sorts=UNIT_FIGURE_SORTS, filters=filters)
    context: dict[str, Any] = {"start": start, "end": end}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        units = list(public_units().exclude(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT]).order_by("path"))
        rows = public.unit_rows(units, {"value": public.measure(public.SATISFACTION, units, start, end)})
        rows = [r for r in rows if kind_matches(r, data.get("kind") or "")]
        context["list"] = row_list(
            request,
            rows,
            sorts=UNIT_FIGURE_SORTS,
            default_sort="-value",
            search=lambda r: r["name"],
            cleaned=data,
        )
    return list_page(request, "portal/public/satisfaction.html", form, context)


INDICATORS = {
    "on_time": _("Dossiers resolved early or on time, this year (%)"),
    "index": _("PAR index in the decision in force (%)"),
}


@require_GET
@public_page
def commune_map(request):
    """The communes at their centroids, coloured by the chosen indicator; a point opens the unit's results."""
    filters = {
        "indicator": forms.ChoiceField(
            label=_("Indicator"),
            required=False,
            choices=list(INDICATORS.items()),
            error_messages={"invalid_choice": _("Choose an indicator from the list.")},
        )
    }
    form = read_list(request, sorts=UNIT_FIGURE_SORTS, filters=filters)
    start, end = public.year_so_far()
    context: dict[str, Any] = {"start": start, "end": end, "indicators": INDICATORS}
    if not form.is_bound or form.is_valid():
        data = _cleaned(form)
        indicator = data.get("indicator") or "on_time"
        communes = list(public_communes())
        if indicator == "index":
            figures = public.index_values(communes)
        else:
            figures = public.measure(public.ON_TIME, communes, start, end)
        context["indicator"] = indicator
        context["map"] = build_map(
            communes,
            figures,
            url=lambda unit: reverse("transparency:unit", args=[unit.pk]),
            title=INDICATORS[indicator],
        )
        rows = public.unit_rows(communes, {"value": figures})
        for row in rows:
            row["band"] = band_of(row["value"])
        context["list"] = row_list(
            request,
            rows,
            sorts=UNIT_FIGURE_SORTS,
            default_sort="name",
            search=lambda r: r["name"],
            cleaned=data,
        )
    return list_page(request, "portal/public/map.html", form, context)
