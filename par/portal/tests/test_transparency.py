"""The public portal at /cong-khai/: open to anyone, counts and published records only, every list validated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.core.testing import make_unit
from par.dossiers.models import DossierRollup
from par.orgunits.models import UnitKind
from par.petitions.models import Petition, PetitionPublication, PetitionState
from par.portal.map import PERCENT_BANDS, band_of, build_map, centroid
from par.portal.tests.conftest import NOW, at
from par.scoring.models import IndexFramework, PublishedResult, RankingPublication, ResultStatus

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

CITIZEN = "Trần Thị Bí Mật"
CITIZEN_PHONE = "0987654321"
PAGES = (
    "/cong-khai/",
    "/cong-khai/chi-so-cai-cach/",
    "/cong-khai/tra-loi-kien-nghi/",
    "/cong-khai/ke-hoach/",
    "/cong-khai/hai-long/",
    "/cong-khai/ban-do/",
    "/cong-khai/ban-do/?indicator=index",
)


@pytest.fixture
def published_answer(units):
    """An answered petition full of the citizen's data, and its publication in the publisher's words."""
    petition = Petition.objects.create(
        code="KN-2026-000001",
        secret_hash="x",
        kind="regulation",
        state=PetitionState.ANSWERED,
        unit=units.justice,
        name=CITIZEN,
        contact=CITIZEN_PHONE,
        address="12 Lê Lợi",
        subject=f"{CITIZEN} hỏi về chứng thực",
        content=f"Tôi là {CITIZEN}, điện thoại {CITIZEN_PHONE}.",
        received_at=at(2026, 2, 2),
        answered_at=at(2026, 2, 10),
        answer=f"Kính gửi bà {CITIZEN}: đã tiếp thu.",
        published_at=at(2026, 2, 11),
    )
    return PetitionPublication.objects.create(
        petition=petition,
        number=1,
        unit=units.justice,
        question="Đề nghị rút ngắn thời hạn chứng thực bản sao.",
        answer="Sở Tư pháp đã tiếp thu và sẽ đề xuất rút ngắn thời hạn.",
        answered_at=at(2026, 2, 10),
        published_at=at(2026, 2, 11),
    )


@pytest.fixture
def index_decisions(units):
    """A commune index published by decision 10, then corrected by decision 12 (both kept)."""
    framework = IndexFramework.objects.create(
        code="CCHC-XA-2025",
        name="Chỉ số CCHC cấp xã",
        year=2025,
        assessed_kind="commune",
        owner=units.province,
    )

    def publish(number, day, percents, corrects=None):
        publication = RankingPublication.objects.create(
            framework=framework,
            framework_version=1,
            max_total=Decimal(100),
            decision_number=number,
            decision_date=day,
            signer_name="Lê Văn Ký",
            scope_size=2,
            corrects=corrects,
            correction_reason="Sửa điểm tiêu chí 2.1" if corrects else "",
        )
        for order, (unit, percent) in enumerate(percents, 1):
            PublishedResult.objects.create(
                publication=publication,
                order=order,
                unit=unit,
                unit_name=unit.name,
                status=ResultStatus.RANKED,
                total=percent,
                applicable_max=Decimal(100),
                percent=percent,
                rank=order,
                classification="Tốt",
            )
        return publication

    first = publish(
        "10/QĐ-UBND",
        dt.date(2026, 2, 1),
        [(units.ward_bim_son, Decimal("91.50")), (units.ward_quang_trung, Decimal("80.00"))],
    )
    second = publish(
        "12/QĐ-UBND",
        dt.date(2026, 2, 20),
        [(units.ward_bim_son, Decimal("92.50")), (units.ward_quang_trung, Decimal("65.00"))],
        corrects=first,
    )
    return first, second


def test_every_portal_page_answers_anyone_without_sign_in(
    client, dossiers, published_answer, index_decisions
):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "public" in response["Cache-Control"]


def test_the_sign_in_page_and_the_lookup_page_link_to_the_portal(client):
    for path in ("/accounts/login/", "/tra-cuu/", "/tra-cuu/on-time/"):
        assert 'href="/cong-khai/"' in client.get(path).content.decode(), path


def test_the_hub_shows_the_provinces_on_time_share_and_links_every_section(client, dossiers):
    html = client.get("/cong-khai/").content.decode()
    assert 'id="figure-on-time">50,00 %' in html
    for path in PAGES[1:6]:
        assert f'href="{path}"' in html, path
    assert 'action="/tra-cuu/"' in html and 'href="/tra-cuu/on-time/"' in html


def test_no_portal_page_shows_a_citizens_name_phone_or_the_decision_signer(
    client, dossiers, published_answer, index_decisions, units
):
    pages = [client.get(path).content.decode() for path in PAGES]
    pages.append(client.get(f"/cong-khai/dung-han/{units.ward_bim_son.pk}/").content.decode())
    text = "\n".join(pages)
    assert published_answer.question in text
    for personal in (
        CITIZEN,
        CITIZEN_PHONE,
        "12 Lê Lợi",
        "Kính gửi",
        "Nguyễn Văn An",
        "Lê Thị Cúc",
        "0912345678",
    ):
        assert personal not in text, personal
    assert "038090001234" not in text and "Lê Văn Ký" not in text


def test_the_unit_page_shows_on_time_results_by_procedure(client, dossiers, units):
    html = client.get(f"/cong-khai/dung-han/{units.ward_bim_son.pk}/").content.decode()
    assert "Đăng ký khai sinh" in html and "50,00 %" in html and "(1/2)" in html


def test_a_unit_that_ended_or_does_not_exist_is_not_found(client, units):
    assert client.get(f"/cong-khai/dung-han/{units.ba_dinh.pk}/").status_code == 404
    assert client.get("/cong-khai/dung-han/987654/").status_code == 404


def test_the_index_page_keeps_the_corrected_decision_beside_the_one_in_force(client, index_decisions):
    first, second = index_decisions
    html = client.get("/cong-khai/chi-so-cai-cach/").content.decode()
    assert f'data-decision="{second.decision_number}"' in html  # the ranking shown is the decision in force
    assert "92,50" in html and "Sửa điểm tiêu chí 2.1" in html
    history = html[html.index('id="decision-history"') :]
    assert first.decision_number in history and "Được điều chỉnh bởi Quyết định 12/QĐ-UBND" in history
    assert f"/par-index/results/{first.framework_id}/" in history
    old = client.get(f"/cong-khai/chi-so-cai-cach/?decision={first.pk}").content.decode()
    assert "91,50" in old and "92,50" not in old[: old.index('id="decision-history"')]


def test_the_answers_list_searches_the_published_texts_and_filters_by_kind(client, published_answer):
    assert "rút ngắn" in client.get("/cong-khai/tra-loi-kien-nghi/?q=chứng+thực").content.decode()
    empty = client.get("/cong-khai/tra-loi-kien-nghi/?q=" + CITIZEN).content.decode()
    assert 'data-testid="answer"' not in empty
    other_kind = client.get("/cong-khai/tra-loi-kien-nghi/?kind=handling").content.decode()
    assert 'data-testid="answer"' not in other_kind


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "Số trang phải là số nguyên từ 1 trở lên."),
        ("page=0", "Số trang phải là số nguyên từ 1 trở lên."),
        ("sort=ten-nguoi", "Không thể sắp xếp danh sách này theo “ten-nguoi”."),
        ("per_page=7", "Số dòng mỗi trang phải là 20, 50, 100 hoặc 200."),
        ("kind=khac", "Hãy chọn một loại kiến nghị trong danh sách."),
    ],
)
def test_a_bad_list_parameter_is_refused_with_a_vietnamese_message(client, published_answer, query, message):
    response = client.get(f"/cong-khai/tra-loi-kien-nghi/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_indicator_on_the_map_is_refused_with_a_vietnamese_message(client, units):
    response = client.get("/cong-khai/ban-do/?indicator=dan-so")
    assert response.status_code == 400
    assert "Hãy chọn một chỉ số trong danh sách." in response.content.decode()


def test_the_map_draws_one_point_per_commune_at_its_centroid_in_its_band(client, dossiers, units):
    html = client.get("/cong-khai/ban-do/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    communes = [units.ward_bim_son, units.ward_quang_trung]  # the ended wards are not drawn
    assert svg.count('class="map-point') == len(communes)
    lat, lon = centroid(units.ward_bim_son.code)
    assert f'data-lat="{lat}" data-lon="{lon}"' in svg
    point = svg[svg.index(f'data-unit="{units.ward_bim_son.pk}"') :]
    assert 'class="map-point band-low"' in point[: point.index("</a>")]  # 50 % is under 70 %
    assert f'href="/cong-khai/dung-han/{units.ward_bim_son.pk}/"' in svg
    other = svg[svg.index(f'data-unit="{units.ward_quang_trung.pk}"') :]
    assert "band-none" in other[: other.index("</a>")]
    table = html[html.index('id="map-table"') :]
    assert "Phường Bỉm Sơn" in table and "50,00 %" in table and "dưới 70 %" in table


def test_the_map_by_index_colours_each_commune_by_the_decision_in_force(client, index_decisions, units):
    html = client.get("/cong-khai/ban-do/?indicator=index").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    high = svg[svg.index(f'data-unit="{units.ward_bim_son.pk}"') :]
    assert "band-high" in high[: high.index("</a>")]  # 92.50 in decision 12, not 91.50 in the corrected one
    low = svg[svg.index(f'data-unit="{units.ward_quang_trung.pk}"') :]
    assert "band-low" in low[: low.index("</a>")]


def test_the_map_function_places_points_inside_the_picture_and_leaves_unknown_codes_to_the_table(units):
    stranger = make_unit("99999999", "Xã Không Tọa Độ", UnitKind.COMMUNE, units.province)
    drawn = build_map(
        [units.ward_bim_son, units.ward_quang_trung, stranger],
        {units.ward_bim_son.pk: Decimal("95"), units.ward_quang_trung.pk: Decimal("75")},
        url=lambda u: f"/u/{u.pk}/",
    )
    assert [p.band.css for p in drawn.points] == ["band-high", "band-mid"]
    assert all(0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height for p in drawn.points)
    assert [u for u, _v in drawn.unplaced] == [stranger]
    assert band_of(None).css == "band-none" and band_of(Decimal("70")) == PERCENT_BANDS[1]


def _communes(province, start, stop):
    """Communes with real ward codes (so that they have centroids)."""
    from par.portal.map import _centroids

    codes = sorted(_centroids())[start:stop]
    made = []
    for i, code in enumerate(codes, start):
        unit = make_unit(code, f"Xã Thử {i}", UnitKind.COMMUNE, province, valid_from=dt.date(2025, 7, 1))
        made.append(unit)
    return made


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/cong-khai/", "/cong-khai/ban-do/", "/cong-khai/ban-do/?indicator=index"])
def test_the_hub_and_the_map_take_the_same_queries_with_10_and_with_300_communes(
    client, dossiers, index_decisions, units, birth, path
):
    province = units.province
    first = _communes(province, 0, 10)
    DossierRollup.objects.create(
        unit=first[0],
        procedure=birth,
        day=dt.date(2026, 3, 2),
        channel="counter",
        received=1,
        resolved_on_time=1,
    )
    with_10 = _count(client, path)
    assert len(_communes(province, 10, 300)) == 290
    assert _count(client, path) == with_10


def test_the_satisfaction_and_plan_pages_filter_and_validate(client, units):
    html = client.get("/cong-khai/hai-long/?kind=department").content.decode()
    assert "Sở Tư pháp" in html and "Phường Bỉm Sơn" not in html
    assert client.get("/cong-khai/hai-long/?kind=tinh").status_code == 400
    assert client.get("/cong-khai/ke-hoach/?year=1999").status_code == 400
    assert client.get("/cong-khai/ke-hoach/?year=2026").status_code == 200


def test_a_procedures_share_is_exact_to_two_places_and_the_list_sorts_and_pages(client, units, birth):
    for day, on_time, late in ((dt.date(2026, 3, 2), 2, 0), (dt.date(2026, 3, 3), 0, 1)):
        DossierRollup.objects.create(
            unit=units.ward_quang_trung,
            procedure=birth,
            day=day,
            channel="counter",
            received=on_time + late,
            resolved_on_time=on_time,
            resolved_late=late,
        )
    page = f"/cong-khai/dung-han/{units.ward_quang_trung.pk}/"
    html = client.get(page).content.decode()
    assert "66,67 %" in html and "(2/3)" in html
    assert "66,67 %" in client.get(page + "?sort=-pct&page=1&per_page=50&channel=counter").content.decode()
    assert (
        "Đăng ký khai sinh" not in client.get(page + "?channel=online").content.decode().split("<tbody>")[1]
    )
    assert "Đăng ký khai sinh" not in client.get(page + "?q=chứng+thực").content.decode().split("<tbody>")[1]


def test_a_signed_in_officer_of_any_unit_sees_the_same_public_pages_and_nothing_more(
    client, client_for, people, dossiers, published_answer
):
    anonymous = [client.get(path).content.decode() for path in PAGES]
    officer = client_for(people.justice_officer)
    for path, seen in zip(PAGES, anonymous, strict=True):
        response = officer.get(path)
        assert response.status_code == 200, path
        assert CITIZEN not in response.content.decode() and CITIZEN_PHONE not in response.content.decode()
        assert ("50,00 %" in seen) == ("50,00 %" in response.content.decode()), path
