"""The FilterSet of the dossier work lists (the clerk's desk, the processor's queue, staff search)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from par.catalog.models import Procedure
from par.dossiers import search
from par.dossiers.models import OPEN_STATES, Channel, Dossier, DossierState
from par.orgunits.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code, applicant, ID number or phone"), method="filter_q")
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=DossierState.choices, empty_label=_("All states")
    )
    procedure = django_filters.ModelChoiceFilter(
        label=_("Procedure"), queryset=Procedure.objects.none(), empty_label=_("All procedures")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Receiving unit"), queryset=Unit.objects.none(), empty_label=_("All units")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte", input_formats=DATE_FORMATS
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"), field_name="received_on", lookup_expr="lte", input_formats=DATE_FORMATS
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("yes", _("Overdue only")), ("no", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("All"),
    )

    class Meta:
        model = Dossier
        fields = ["q", "state", "procedure", "unit", "channel", "received_from", "received_to", "overdue"]

    def __init__(self, *args, units=(), **kwargs):
        """`units`: the units whose dossiers the list holds, offered in the unit filter (and their
        procedures in the procedure filter); a single unit hides the unit filter."""
        super().__init__(*args, **kwargs)
        unit_ids = [u.pk for u in units]
        fields = self.form.fields
        fields["unit"].queryset = Unit.objects.filter(pk__in=unit_ids).order_by("name")
        filed_here = Dossier.objects.filter(procedure=OuterRef("pk"), unit__in=unit_ids)
        fields["procedure"].queryset = Procedure.objects.filter(Exists(filed_here)).order_by("name")
        if len(unit_ids) < 2:
            del fields["unit"]
        for name, field in fields.items():
            select = name in ("state", "procedure", "unit", "channel", "overdue")
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")
            if name in ("received_from", "received_to"):
                field.widget.attrs.setdefault("placeholder", "dd/mm/yyyy")

    def filter_q(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_overdue(self, queryset, name, value):
        late = Q(state__in=OPEN_STATES, due_date__lt=timezone.localdate())
        if value == "yes":
            return queryset.filter(late)
        return queryset.exclude(late) if value == "no" else queryset
