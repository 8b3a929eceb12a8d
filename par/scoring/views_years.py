"""The screen where the province PAR officer creates next year's framework from last year's (decision 0122)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.scoring.access import managed_frameworks, manages_frameworks
from par.scoring.actions.years import FIRST_YEAR, LAST_YEAR, do_copy_framework
from par.scoring.models import IndexFramework
from par.scoring.views import _run

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


class SourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: IndexFramework) -> str:
        return f"{obj.year} · {obj.name} · {obj.get_assessed_kind_display()} · {obj.owner.name}"


class NewYearForm(forms.Form):
    source = SourceChoice(
        label=gettext_lazy("Copy from the framework of"),
        queryset=IndexFramework.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the new framework"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    self_deadline = forms.DateField(
        label=gettext_lazy("Self-assessment deadline"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
        help_text=gettext_lazy("dd/mm/yyyy. Units submit their self-assessment by this day."),
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources


@login_required
def framework_new_year(request):
    """GET: the form, prefilled with the latest framework and the year after it; POST: the copy, then its page."""
    if not manages_frameworks(request.user):
        raise Http404
    sources = (
        managed_frameworks(request.user).select_related("owner").order_by("-year", "assessed_kind", "pk")
    )
    latest = sources.first()
    initial = {"source": latest, "year": latest.year + 1} if latest else {}
    form = NewYearForm(request.POST or None, sources=sources, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        framework = _run(
            request,
            do_copy_framework,
            data["source"],
            year=data["year"],
            self_deadline=data["self_deadline"],
            actor=request.user,
        )
        if framework is not None:
            messages.success(
                request,
                _("The %(year)s framework was created from the %(source)s one, with its criteria and bands.")
                % {"year": framework.year, "source": data["source"].year},
            )
            return redirect("scoring:framework_detail", framework.pk)
    status = getattr(request, "refused", 422 if form.errors else 200)
    context = {"form": form, "has_sources": latest is not None, "active_nav": "par_index_new_year"}
    return render(request, "scoring/framework_new_year.html", context, status=status)


urlpatterns = [path("frameworks/new-year/", framework_new_year, name="framework_new_year")]
