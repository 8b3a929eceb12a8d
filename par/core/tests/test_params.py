"""Numbers read from requests: "²" is a digit to str.isdigit() but not to int(), and 20 digits overflow an id;
such values are refused with a message or ignored, never a 500 (par.core.params)."""

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict

from par.core.params import int_param, whole_number
from par.surveys import actions as surveys
from par.surveys.defaults import sipas_questionnaire


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("1" * 19, None),
        ("9" * 18, 10**18 - 1),
    ],
)
def test_whole_number_reads_ascii_digits_only(raw, expected):
    assert whole_number(raw) == expected


def test_int_param_is_none_when_absent_and_a_400_when_not_a_number():
    assert int_param(QueryDict("unit=12"), "unit") == 12
    assert int_param(QueryDict(""), "unit") is None and int_param(QueryDict("unit="), "unit") is None
    with pytest.raises(BadRequest, match="unit"):
        int_param(QueryDict("unit=²"), "unit")


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # answer as the server does
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/reports/?period=²", "period"),
        ("/api/v1/index-scores/?assessment=²", "assessment"),
        ("/api/v1/dossiers/?state=nonsense", "state"),
        ("/api/v1/dossier-rollups/?start=31/02/2026", "start"),
    ],
)
def test_api_filters_with_a_bad_value_answer_400_naming_the_parameter(client_for, people, url, name):
    response = client_for(people.par_officer).get(url)
    assert response.status_code == 400 and response.json()[name]


@pytest.mark.django_db
def test_api_filter_with_a_number_too_large_for_any_id_is_refused_with_a_message(client_for, people):
    response = client_for(people.par_officer).get("/api/v1/reports/?period=" + "9" * 25)
    assert response.status_code == 400 and "period" in response.json()


@pytest.mark.django_db
def test_issuing_survey_links_with_a_count_int_cannot_read_issues_none(client_for, people, units):
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = surveys.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)
    response = client_for(people.par_officer).post(f"/surveys/links/{link.pk}/tokens/", {"count": "²"})
    assert response.status_code == 302 and not link.tokens.exists()


@pytest.mark.django_db
def test_a_survey_answer_int_cannot_read_is_refused_with_a_message(people, units):
    from django.core.exceptions import ValidationError

    from par.surveys.models import Question, QuestionKind

    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = surveys.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)
    token = surveys.do_issue_tokens(link, count=1, actor=None)[0]
    answers = {
        question.pk: "²"
        for question in Question.objects.filter(section__questionnaire=q)
        if question.kind == QuestionKind.SCALE
    }
    with pytest.raises(ValidationError, match="Hãy chọn một mức trả lời"):
        surveys.do_submit_response(token.value, answers)


def test_a_catalogue_cell_int_cannot_read_is_a_cell_error_with_its_message():
    from par.catalog.importing import CellError, to_whole

    with pytest.raises(CellError, match="a whole number"):
        to_whole("²", message="a whole number")
    assert to_whole("1.000", message="a whole number") == 1000
