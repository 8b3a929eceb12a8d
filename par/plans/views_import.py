"""Importing a plan from a file: template download, upload, preview with name mapping, confirm.

The uploaded file waits between preview and confirm (par.plans.importing.staging); only the user who uploaded it
can preview or confirm it. The actions write and remove it (`do_stage_plan_import`, `do_confirm_plan_import`);
nothing is written to the database before the confirm POST.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from par.accounts.access import visible_units
from par.accounts.models import SUBTREE_ROLES, Membership
from par.core.http import download, form_status
from par.core.params import whole_number
from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind
from par.orgunits.querysets import subtree_q
from par.plans.access import PLAN_MANAGERS, can_manage_plan
from par.plans.actions import do_confirm_plan_import, do_stage_plan_import
from par.plans.importing import staging
from par.plans.importing.service import (
    MAX_FILE_SIZE,
    ImportPreview,
    find_issuing_unit,
    read_header,
    read_plan_file,
)
from par.plans.importing.xlsx import build_template
from par.plans.models import ReformPlan

ISSUING_KINDS = (UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, *COMMUNE_KINDS)


def importable_units(user):
    """Visible units whose plans the user may manage (the choices of the upload form)."""
    if user.is_superuser:
        return visible_units(user).filter(kind__in=ISSUING_KINDS).order_by("path")
    condition = Q(pk__in=[])
    for unit_id, path_, role in Membership.objects.filter(user=user, role__in=PLAN_MANAGERS).values_list(
        "unit_id", "unit__path", "role"
    ):
        condition |= subtree_q(path_) if role in SUBTREE_ROLES else Q(pk=unit_id)
    return visible_units(user).filter(condition, kind__in=ISSUING_KINDS).order_by("path")


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Issuing unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Leave empty to take the issuer the file names (its annex line or decision page)."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Plan year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Leave empty to use the year written in the file."),
    )
    file = forms.FileField(
        label=gettext_lazy("Plan file (.docx or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePosixPath(upload.name.lower()).suffix not in (".docx", ".xlsx"):
            raise ValidationError(_("Upload a .docx or .xlsx file."))
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload

    def clean(self):
        data = super().clean() or self.cleaned_data
        upload = data.get("file")
        if upload is not None and data.get("unit") is None and "unit" not in self.errors:
            data["unit"] = self._issuer(upload, data.get("year"))
        return data

    def _issuer(self, upload, year: int | None) -> Unit | None:
        """The unit the file names as its issuer, as the import command takes it, when the user may import for
        it; otherwise an error on the unit asking them to choose."""
        header = read_header(upload)
        upload.seek(0)
        day = header.decision_date or dt.date(year or header.year or timezone.localdate().year, 1, 1)
        found = find_issuing_unit(header, day)
        units = self.units
        if found is not None:
            # The issuer as it was on the decision's day, or the same unit (code) as it is now.
            unit = units.filter(pk=found.pk).first() or units.filter(code=found.code).first()
            if unit is None:
                self.add_error(
                    "unit",
                    _("The file was issued by %(unit)s, for which you may not import plans; choose the unit.")
                    % {"unit": found.name},
                )
            return unit
        if header.issuer:
            self.add_error(
                "unit",
                _("No unit matches the issuer the file names (“%(issuer)s”) on %(date)s; choose the unit.")
                % {"issuer": header.issuer, "date": day.strftime("%d/%m/%Y")},
            )
        else:
            self.add_error("unit", _("The file does not say which unit issued it; choose the unit."))
        return None


@dataclass(frozen=True)
class StoredUpload:
    """A waiting upload the user may preview and confirm, with its unit."""

    staged: staging.StagedFile
    unit: Unit

    @property
    def token(self) -> str:
        return self.staged.token

    @property
    def year(self) -> int | None:
        return self.staged.year

    @property
    def name(self) -> str:
        return self.staged.name


def _load(user, token) -> StoredUpload:
    """The user's own pending upload, while they may still manage the unit; 404 otherwise."""
    staged = staging.read(token)
    if staged is None or staged.user_id != user.pk or staged.stale:
        raise Http404
    unit = visible_units(user).filter(pk=staged.unit_id).first()
    if unit is None or not can_manage_plan(user, ReformPlan(unit=unit)):
        raise Http404
    return StoredUpload(staged, unit)


def _read(upload: StoredUpload) -> ImportPreview:
    province = upload.unit.ancestors().first() or upload.unit
    with default_storage.open(upload.staged.file_path) as handle:
        handle.name = upload.name
        return read_plan_file(handle, province_unit=province, year=upload.year, unit=upload.unit)


def _choices(preview: ImportPreview, unit: Unit) -> list[Unit]:
    """Units an unmatched name can be mapped to: the province's agencies and districts valid on the plan's date,
    and the communes of the issuing unit (a province has hundreds; a district plan names its own)."""
    if preview.reference_date is None:
        return []
    units = Unit.objects.as_of(preview.reference_date).filter(subtree_q(preview.province.path))
    wide = Q(kind__in=(UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.PUBLIC_SERVICE, UnitKind.DISTRICT))
    own = subtree_q(unit.path) if unit.kind != UnitKind.PROVINCE else Q(pk__in=[])
    return list(units.filter(wide | own).order_by("path"))


def _mapping_from(post, preview: ImportPreview) -> tuple[dict[str, int | None], dict[str, str]]:
    """The user's choice for each unmatched name ("ignore" or a unit id); unanswered names are left out."""
    mapping: dict[str, int | None] = {}
    chosen: dict[str, str] = {}
    for index, entry in enumerate(preview.unmatched):
        value = post.get(f"map_{index}", "")
        if post.get(f"key_{index}") != entry.key or not value:
            continue
        chosen[entry.key] = value
        if value == "ignore":
            mapping[entry.key] = None
        elif whole_number(value) is not None:
            mapping[entry.key] = whole_number(value)
    return mapping, chosen


def _page(request, upload: StoredUpload, preview: ImportPreview, *, chosen=None, problems=(), status=200):
    context = {
        "upload": upload,
        "preview": preview,
        "choices": _choices(preview, upload.unit),
        "unmatched_rows": [(i, e, (chosen or {}).get(e.key, "")) for i, e in enumerate(preview.unmatched)],
        "problems": problems,
        "existing": preview.year and ReformPlan.objects.filter(unit=upload.unit, year=preview.year).first(),
    }
    return render(request, "plans/import_preview.html", context, status=status)


def _plan_url(plan: ReformPlan) -> str:
    try:
        return reverse("plans:plan_detail", args=[plan.pk])
    except NoReverseMatch:  # the plan page is being written alongside this view
        return reverse("home")


@login_required
def import_template(request):
    """The XLSX template to type a plan into."""
    if not importable_units(request.user).exists():
        raise Http404
    return download(build_template(), "mau-ke-hoach-cai-cach-hanh-chinh.xlsx")


@login_required
def import_upload(request):
    """Upload the file, with its issuing unit or leaving it to the issuer the file names; the preview follows,
    nothing is imported yet."""
    units = importable_units(request.user)
    if not units.exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token = do_stage_plan_import(
                unit=data["unit"], year=data["year"], upload=data["file"], actor=request.user
            )
        except PermissionDenied:
            raise Http404 from None
        return redirect("plans:import_preview", token=token)
    context = {"form": form, "max_mb": MAX_FILE_SIZE // 2**20}
    return render(request, "plans/import_upload.html", context, status=form_status(form))


@login_required
def import_preview(request, token):
    """What the file would create, per area, and a choice for every name that matched no unit."""
    upload = _load(request.user, token)
    return _page(request, upload, _read(upload))


@login_required
@require_POST
def import_confirm(request, token):
    """Import everything in one transaction, or nothing and say why."""
    upload = _load(request.user, token)
    preview = _read(upload)
    mapping, chosen = _mapping_from(request.POST, preview)
    try:
        plan = do_confirm_plan_import(
            upload.staged, preview, mapping=mapping, unit=upload.unit, actor=request.user
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        return _page(request, upload, preview, chosen=chosen, problems=exc.messages, status=400)
    messages.success(
        request,
        _("The plan “%(title)s” was imported with %(n)s tasks.")
        % {"title": plan.title, "n": len(preview.rows)},
    )
    return redirect(_plan_url(plan))
