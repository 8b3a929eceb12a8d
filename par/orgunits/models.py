"""The versioned tree of org units: provinces, departments, districts (until 30/06/2025), communes, wards."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.orgunits.querysets import UnitQuerySet

# Districts were abolished and communes merged on this date (Resolution 202/2025/QH15).
REFORM_2025 = dt.date(2025, 7, 1)

PATH_STEP = 8  # digits per segment of the materialised path


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Huyện/Thị xã/Thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")


class AdminLevel(models.TextChoices):
    """The administrative level a unit reports at (the disaggregation used by report appendices)."""

    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.SPECIAL_ZONE)


class Unit(models.Model):
    """One org unit, valid over [valid_from, valid_to]; a unit that changes gets a new row, linked by lineage."""

    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("độ sâu"), default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=120, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="unit_code_valid_from_unique",
                nulls_distinct=False,
                violation_error_message=_("Đã có đơn vị với mã này và ngày hiệu lực này."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]
        indexes = [
            # Subtree queries: Unit.objects.filter(path__startswith=...)
            models.Index(fields=["path"], name="unit_path_idx"),
            # as_of(date) filtered by kind: the commune list of a province on a date
            models.Index(fields=["kind", "valid_from", "valid_to"], name="unit_kind_validity_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of the ancestors, root first, read from the materialised path (no query)."""
        segments = [self.path[i : i + PATH_STEP] for i in range(0, len(self.path), PATH_STEP)]
        return [int(s) for s in segments[:-1]]

    def ancestors(self) -> UnitQuerySet:
        """The ancestors, root first, in one query."""
        return Unit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def subtree(self, include_self: bool = True) -> UnitQuerySet:
        """This unit and everything below it, in one query."""
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def compute_path(self) -> tuple[str, int]:
        own = str(self.pk).zfill(PATH_STEP)
        if self.parent_id is None:
            return own, 0
        parent = self.parent
        assert parent is not None
        return parent.path + own, parent.depth + 1


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Điều chỉnh địa giới")


class UnitLineage(models.Model):
    """A link from a unit that ended to a unit that carries on (part of) its territory and duties."""

    old = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successor_links"
    )
    new = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessor_links"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=LineageKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quan hệ kế thừa đơn vị")
        verbose_name_plural = _("quan hệ kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["old", "new", "effective_date"],
                name="lineage_unique",
                violation_error_message=_("Quan hệ kế thừa này đã có."),
            ),
            models.CheckConstraint(
                condition=~Q(old=models.F("new")),
                name="lineage_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new} ({self.get_kind_display()})"


def successors(unit: Unit) -> UnitQuerySet:
    """The units that directly carry on `unit` after it ended."""
    return Unit.objects.filter(predecessor_links__old=unit).distinct()


def predecessors(unit: Unit) -> UnitQuerySet:
    """The units that `unit` directly carries on."""
    return Unit.objects.filter(successor_links__new=unit).distinct()
