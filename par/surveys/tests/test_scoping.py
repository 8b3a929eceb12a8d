"""Survey results, exports, the indices API and the link pages show only the units the reader may see
(decisions 0001 and 0096): a ward's clerk never reads another unit's answers, comments or unused links."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.core.http import XLSX_TYPE
from par.surveys import actions
from par.surveys.defaults import sipas_questionnaire
from par.surveys.models import Mode, Question, QuestionKind

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)  # 10:00 on Friday 20/11/2026 in Hà Nội

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _answer(link, value: int, comment: str):
    """One citizen answers every scale question with `value` and leaves `comment`."""
    token = actions.do_issue_tokens(link, count=1, actor=None)[0]
    answers = {}
    for question in Question.objects.filter(section__questionnaire=link.questionnaire):
        answers[str(question.pk)] = str(value) if question.kind == QuestionKind.SCALE else comment
    return actions.do_submit_response(token.value, answers)


@pytest.fixture
def answered(units, people):
    """The province's questionnaire answered at Phường Bỉm Sơn (all 5) and at Sở Tư pháp's kiosk (all 1);
    Phường Quang Trung has a link with one unused one-time token."""
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    ward = actions.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)
    justice = actions.do_create_link(q, unit=units.justice, mode=Mode.KIOSK, actor=people.par_officer)
    other_ward = actions.do_create_link(q, unit=units.ward_quang_trung, actor=people.par_officer)
    _answer(ward, 5, "Bỉm Sơn: phục vụ chu đáo")
    _answer(justice, 1, "Tư pháp: chờ quá lâu")
    unused = actions.do_issue_tokens(other_ward, count=1, actor=None)[0]
    return q, ward, justice, other_ward, unused


def _book(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue()))


def _cells(sheet) -> list[str]:
    return [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]


def test_anonymous_readers_are_sent_to_sign_in_and_outsiders_get_404_on_results_and_export(
    client, client_for, people, answered
):
    q = answered[0]
    urls = [f"/surveys/questionnaires/{q.pk}/results/", f"/surveys/questionnaires/{q.pk}/export.xlsx"]
    for url in urls:
        assert client.get(url).status_code == 302
    outsider = client_for(people.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404


def test_a_ward_clerk_reads_only_the_results_of_their_ward(client_for, people, answered):
    q = answered[0]
    page = client_for(people.ward_clerk).get(f"/surveys/questionnaires/{q.pk}/results/")
    html = page.content.decode()
    assert page.status_code == 200 and page.context["responses"] == 1
    assert [name for name, _value, _aspects in page.context["units"]] == ["Phường Bỉm Sơn"]
    assert page.context["overall"] == 100 and "Sở Tư pháp" not in html


def test_the_province_par_officer_reads_the_results_of_every_unit(client_for, people, answered):
    q = answered[0]
    page = client_for(people.par_officer).get(f"/surveys/questionnaires/{q.pk}/results/")
    assert page.context["responses"] == 2 and page.context["overall"] == 50
    assert sorted(name for name, _value, _aspects in page.context["units"]) == [
        "Phường Bỉm Sơn",
        "Sở Tư pháp",
    ]


def test_a_ward_clerk_exports_only_their_wards_answers_and_comments(client_for, people, answered):
    q = answered[0]
    response = client_for(people.ward_clerk).get(f"/surveys/questionnaires/{q.pk}/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="khao-sat-{q.code}.xlsx"'
    book = _book(response)
    answers = book["Phiếu trả lời"]
    rows = list(answers.iter_rows(min_row=2, values_only=True))
    assert rows and {row[2] for row in rows} == {"Phường Bỉm Sơn"}
    everything = _cells(answers) + _cells(book["Chỉ số hài lòng"])
    assert "Bỉm Sơn: phục vụ chu đáo" in everything
    assert not [cell for cell in everything if "Tư pháp" in cell]


def test_the_province_par_officer_exports_every_units_answers(client_for, people, answered):
    q = answered[0]
    book = _book(client_for(people.par_officer).get(f"/surveys/questionnaires/{q.pk}/export.xlsx"))
    rows = list(book["Phiếu trả lời"].iter_rows(min_row=2, values_only=True))
    assert {row[2] for row in rows} == {"Phường Bỉm Sơn", "Sở Tư pháp"}
    assert {"Bỉm Sơn: phục vụ chu đáo", "Tư pháp: chờ quá lâu"} <= {row[5] for row in rows}


def test_the_indices_api_refuses_anonymous_and_outsiders_and_scopes_a_ward_clerk(
    client, client_for, people, units, answered
):
    q = answered[0]
    url = f"/api/v1/survey-questionnaires/{q.pk}/indices/"
    assert client.get(url).status_code in (401, 403)
    assert client_for(people.outsider).get(url).status_code == 404
    data = client_for(people.ward_clerk).get(url).json()
    assert data["responses"] == 1 and data["index"] == "100.00"
    assert [row["unit"] for row in data["units"]] == [units.ward_bim_son.pk]
    everyone = client_for(people.par_officer).get(url).json()
    assert everyone["responses"] == 2 and everyone["index"] == "50.00"


def test_link_pages_and_qr_codes_of_another_unit_answer_404(client, client_for, people, answered):
    _q, ward, justice, other_ward, unused = answered
    own_token = actions.do_issue_tokens(ward, count=1, actor=None)[0]
    clerk = client_for(people.ward_clerk)
    for url in [
        f"/surveys/links/{justice.pk}/",
        f"/surveys/links/{other_ward.pk}/",
        f"/surveys/links/{other_ward.pk}/qr/{unused.value}.svg",
    ]:
        assert clerk.get(url).status_code == 404, url
    assert clerk.get(f"/surveys/links/{ward.pk}/").status_code == 200
    assert clerk.get(f"/surveys/links/{ward.pk}/qr/{own_token.value}.svg").status_code == 200
    other = client_for(people.other_ward_clerk)
    assert other.get(f"/surveys/links/{ward.pk}/qr/{own_token.value}.svg").status_code == 404
    assert other.get(f"/surveys/links/{other_ward.pk}/").content.decode().count(unused.value) >= 1
    client.logout()
    assert client.get(f"/surveys/links/{other_ward.pk}/").status_code == 302


def test_the_questionnaire_page_lists_only_the_links_of_units_the_reader_sees(client_for, people, answered):
    q = answered[0]
    page = client_for(people.ward_clerk).get(f"/surveys/questionnaires/{q.pk}/")
    assert [link.unit.name for link in page.context["links"]] == ["Phường Bỉm Sơn"]


def test_an_appraisal_council_member_reads_every_units_results(client_for, people, answered):
    q = answered[0]
    page = client_for(people.appraiser).get(f"/surveys/questionnaires/{q.pk}/results/")
    assert page.status_code == 200 and page.context["responses"] == 2


def test_the_results_page_reads_a_fixed_number_of_queries(client_for, people, answered, units):
    q, _w, _j, other_ward, _u = answered
    client = client_for(people.par_officer)
    with CaptureQueriesContext(connection) as before:
        client.get(f"/surveys/questionnaires/{q.pk}/results/")
    for value in (2, 3, 4):
        _answer(other_ward, value, "")
    with CaptureQueriesContext(connection) as after:
        assert client.get(f"/surveys/questionnaires/{q.pk}/results/").context["responses"] == 5
    assert len(after) == len(before)


def test_the_export_writes_when_each_answer_was_sent_in_vietnam_time(client_for, people, answered):
    q = answered[0]
    book = _book(client_for(people.ward_clerk).get(f"/surveys/questionnaires/{q.pk}/export.xlsx"))
    header, *rows = list(book["Phiếu trả lời"].iter_rows(values_only=True))
    assert header[1] == "Thời điểm" and {row[1] for row in rows} == {dt.datetime(2026, 11, 20, 10, 0)}
    assert header[6] == "Tình trạng" and {row[6] for row in rows} == {"Được tính"}
