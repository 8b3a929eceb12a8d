"""manage.py load_demo_procedures: ≥ 45 realistic procedures, clearly marked as demo data, idempotent."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from par.catalog.models import DEMO_SOURCE, Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_procedures", stdout=out)
    return out.getvalue()


@pytest.mark.smoke
def test_the_demo_loads_at_least_45_procedures_marked_as_demo_and_a_second_run_changes_nothing():
    first = load()
    counts = (Procedure.objects.count(), ProcedureVersion.objects.count())
    assert counts[0] >= 45
    assert f"Thủ tục minh họa: thêm {counts[0]}, cập nhật 0, giữ nguyên 0" in first
    assert set(Procedure.objects.values_list("is_demo", "source").distinct()) == {(True, DEMO_SOURCE)}
    second = load()
    assert f"thêm 0, cập nhật 0, giữ nguyên {counts[0]}; phiên bản: thêm 0, cập nhật 0" in second
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == counts


def test_demo_versions_keep_the_rules_and_show_the_cases_the_catalogue_must_handle():
    load()
    versions = ProcedureVersion.objects.annotate(total=Sum("steps__days"), n=Count("steps"))
    assert all(v.n and v.total == v.committed_days <= v.legal_days for v in versions)
    assert versions.filter(committed_days=0).exists()  # "trong ngày"
    assert versions.filter(committed_days=Decimal("0.5")).exists()  # "không quá 1/2 ngày làm việc"
    assert versions.filter(steps__actor="other_agency").exists()  # inter-agency (liên thông)
    assert Procedure.objects.annotate(n=Count("versions")).filter(n__gt=1).count() >= 3
    assert (
        Procedure.objects.for_level("province").exists() and Procedure.objects.for_level("commune").exists()
    )
    birth = Procedure.objects.get(code="1.001193")
    assert (birth.name, birth.field.name) == ("Đăng ký khai sinh", "Hộ tịch")


def test_the_demo_leaves_real_procedures_with_the_same_code_alone(birth):
    birth.versions.update(decision="Quyết định thật")
    output = load()
    assert "Bỏ qua 1.001193: danh mục đã có thủ tục này dưới dạng dữ liệu thật." in output
    birth.refresh_from_db()
    assert not birth.is_demo and birth.versions.count() == 2
    assert set(birth.versions.values_list("decision", flat=True)) == {"Quyết định thật"}
