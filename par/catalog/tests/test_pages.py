"""The catalogue pages through HTTP: who may read, who may edit (404 for everyone else), what they show."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from par.audit.models import AuditEvent
from par.catalog.models import Procedure, ProcedureVersion

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.catalog.tests.urls")]

TODAY = dt.datetime(2025, 8, 15, 3, 0, tzinfo=dt.UTC)  # 10:00 on 15/08/2025 in Hà Nội


def url(name, *args, **params):
    from urllib.parse import urlencode

    return reverse(f"catalog:{name}", args=args) + ("?" + urlencode(params) if params else "")


EDIT_PAGES = [
    ("create",),
    ("edit", "1.001193"),
    ("version_add", "1.001193"),
    ("import",),
    ("export",),
    ("template",),
]


def formsets(steps=(), documents=()):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": str(len(documents)),
        "documents-INITIAL_FORMS": "0",
    }
    for i, (name, actor, days) in enumerate(steps):
        data |= {f"steps-{i}-name": name, f"steps-{i}-actor": actor, f"steps-{i}-days": days}
    for i, name in enumerate(documents):
        data |= {f"documents-{i}-name": name, f"documents-{i}-originals": "1", f"documents-{i}-copies": "0"}
    return data


# ---- reading -----------------------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("name", ["list", "detail"])
def test_anonymous_visitor_is_sent_to_login(client, birth, name):
    response = client.get(url(name, "1.001193") if name == "detail" else url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.smoke
@time_machine.travel(TODAY, tick=False)
def test_a_ward_clerk_reads_the_catalogue_with_the_versions_in_force_today(client_for, people, birth, land):
    html = client_for(people.ward_clerk).get(url("list")).content.decode()
    assert "Danh mục thủ tục hành chính" in html
    assert "Đăng ký khai sinh" in html and "Đăng ký biến động đất đai" in html
    assert "phiên bản có hiệu lực ngày 15/08/2025" in html
    assert "2 / 3" in html  # committed / legal on 15/08/2025
    assert "Chưa công khai" in html  # the land procedure is a draft, visible once signed in
    assert "Thêm thủ tục" not in html  # no edit buttons for a clerk


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_by_field_level_online_level_and_accent_free_search(client_for, people, birth, land):
    client = client_for(people.ward_clerk)

    def codes(**params):
        html = client.get(url("list", **params)).content.decode()
        return [code for code in ("1.001193", "1.012765") if f">{code}</a>" in html]

    assert codes(q="dang ky khai sinh") == ["1.001193"]
    assert codes(field="DD") == ["1.012765"]
    assert codes(level="province") == ["1.012765"]
    assert codes(online_level="full") == ["1.001193"]
    assert codes(online_level="full", on="30/06/2025") == []  # partial online until 30/06/2025
    assert codes(online_level="partial", on="30/06/2025") == ["1.001193"]


def test_htmx_gets_only_the_results(client_for, people, birth):
    response = client_for(people.ward_clerk).get(url("list", q="khai sinh"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


@pytest.mark.parametrize("extra", [0, 30])
def test_the_list_query_count_does_not_grow_with_the_catalogue(
    client_for, people, birth, extra, django_assert_max_num_queries
):
    for i in range(extra):
        p = Procedure.objects.create(
            code=f"9.{i:06d}",
            name=f"Thủ tục {i}",
            field=birth.field,
            at_commune=True,
            responsible_kind="commune_committee",
        )
        ProcedureVersion.objects.create(
            procedure=p, valid_from=dt.date(2025, 1, 1), legal_days=5, committed_days=4
        )
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(10):
        response = client.get(url("list", level="commune"))
    assert response.status_code == 200 and len(response.context["page"]) == 1 + extra


def test_the_detail_page_shows_the_version_in_force_on_the_chosen_day_and_the_history(
    client_for, people, birth
):
    client = client_for(people.ward_clerk)
    before = client.get(url("detail", "1.001193", on="30/06/2025")).content.decode()
    after = client.get(url("detail", "1.001193", on="01/07/2025")).content.decode()
    assert "Phiên bản có hiệu lực ngày 30/06/2025" in before
    assert '<strong data-testid="committed-days">3</strong>' in before and "Một phần" in before
    assert '<strong data-testid="committed-days">2</strong>' in after and "Toàn trình" in after
    assert "Tờ khai đăng ký khai sinh" in after and "Lãnh đạo ký duyệt" in after
    assert "Lịch sử phiên bản" in after and "01/01/2024" in after and "30/06/2025" in after
    assert "Sửa thủ tục" not in after


def test_a_missing_procedure_looks_missing(client_for, people, birth):
    assert client_for(people.ward_clerk).get(url("detail", "0.000000")).status_code == 404


@pytest.mark.smoke
@time_machine.travel(TODAY, tick=False)
def test_the_public_page_needs_no_login(client, birth):
    response = client.get(url("public_detail", "1.001193"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html and "Phiên bản có hiệu lực ngày 15/08/2025" in html
    assert "Giấy chứng sinh" in html and "Miễn lệ phí" not in html  # the 2025 version has no fee text


def test_the_public_page_hides_unpublished_procedures(client, client_for, people, land):
    assert client.get(url("public_detail", "1.012765")).status_code == 404
    assert client_for(people.par_officer).get(url("public_detail", "1.012765")).status_code == 404


# ---- editing -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_anonymous_visitor_cannot_reach_the_edit_pages(client, birth, page):
    response = client.get(url(*page))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.smoke
@pytest.mark.parametrize("page", [*EDIT_PAGES, ("version_edit", "1.001193", "pk")])
@pytest.mark.parametrize("persona", ["ward_clerk", "justice_head", "auditor"])
def test_other_roles_get_404_from_the_edit_pages(client_for, people, birth, page, persona):
    if page[-1] == "pk":
        page = (*page[:-1], birth.versions.first().pk)
    client = client_for(getattr(people, persona))
    assert client.get(url(*page)).status_code == 404
    assert client.post(url(*page), {"name": "Sửa trái phép"}).status_code == 404
    assert not AuditEvent.objects.filter(actor=getattr(people, persona)).exists()


@pytest.mark.parametrize("page", [*EDIT_PAGES, ("version_edit", "1.001193", "pk")])
def test_the_par_officer_opens_every_edit_page(client_for, people, birth, page):
    if page[-1] == "pk":
        page = (*page[:-1], birth.versions.first().pk)
    assert client_for(people.par_officer).get(url(*page)).status_code == 200


def test_the_par_officer_adds_a_procedure_then_its_first_version(client_for, people, hotich):
    client = client_for(people.par_officer)
    response = client.post(
        url("create"),
        {
            "code": "1.004873",
            "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
            "field": hotich.pk,
            "responsible_kind": "commune_committee",
            "levels": ["commune"],
            "is_published": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("version_add", "1.004873")
    data = {"valid_from": "01/07/2025", "legal_days": "3", "committed_days": "2,5", "online_level": "full"}
    steps = [("Tiếp nhận", "reception", "0,5"), ("Thẩm định", "specialist", "1,5"), ("Ký", "leader", "0,5")]
    response = client.post(url("version_add", "1.004873"), data | formsets(steps, ["Tờ khai"]))
    assert response.status_code == 302
    version = Procedure.objects.get(code="1.004873").versions.get()
    assert (version.valid_from, version.committed_days) == (dt.date(2025, 7, 1), Decimal("2.5"))
    assert [s.days for s in version.steps.all()] == [Decimal("0.5"), Decimal("1.5"), Decimal("0.5")]
    assert AuditEvent.objects.filter(actor=people.par_officer).count() == 2


def test_the_version_form_shows_the_refusal_in_vietnamese(client_for, people, birth):
    data = {"valid_from": "01/01/2026", "legal_days": "3", "committed_days": "2", "online_level": "full"}
    response = client_for(people.par_officer).post(
        url("version_add", "1.001193"), data | formsets([("Tiếp nhận", "reception", "1")])
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tổng thời hạn các bước là 1 ngày làm việc, khác thời hạn cam kết 2 ngày làm việc." in html
    assert birth.versions.count() == 2


def test_a_step_row_that_is_not_valid_answers_400_and_adds_nothing(client_for, people, birth):
    data = {"valid_from": "01/01/2026", "legal_days": "3", "committed_days": "2", "online_level": "full"}
    response = client_for(people.par_officer).post(
        url("version_add", "1.001193"), data | formsets([("Tiếp nhận", "reception", "-1")])
    )
    assert response.status_code == 400
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 0" in response.content.decode()
    assert birth.versions.count() == 2


def test_editing_a_procedure_with_a_stale_form_reports_the_conflict(client_for, people, birth):
    client = client_for(people.par_officer)
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": birth.field.pk,
        "levels": ["commune"],
        "responsible_kind": "commune_committee",
        "is_published": "on",
        "expected_version": birth.version,
    }
    response = client.post(url("edit", "1.001193"), data | {"agency": "UBND phường"})
    assert response.status_code == 302
    response = client.post(url("edit", "1.001193"), data | {"agency": "UBND xã"})
    assert response.status_code == 409
    assert "Người khác đã thay đổi mục này trong lúc bạn đang sửa." in response.content.decode()
    birth.refresh_from_db()
    assert birth.agency == "UBND phường"


def test_editing_a_version_replaces_its_steps_and_documents(client_for, people, birth):
    version = birth.versions.get(valid_to__isnull=True)
    client = client_for(people.par_officer)
    form = client.get(url("version_edit", "1.001193", version.pk)).content.decode()
    assert 'value="Tờ khai đăng ký khai sinh"' in form and 'name="expected_version"' in form
    data = {
        "valid_from": "01/07/2025",
        "legal_days": "3",
        "committed_days": "1",
        "online_level": "full",
        "expected_version": birth.version,
    }
    steps = [("Tiếp nhận và xử lý", "reception", "0,5"), ("Ký", "leader", "0,5")]
    response = client.post(url("version_edit", "1.001193", version.pk), data | formsets(steps, ["Tờ khai"]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.committed_days == 1 and [d.name for d in version.documents.all()] == ["Tờ khai"]
