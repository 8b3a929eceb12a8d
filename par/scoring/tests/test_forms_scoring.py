"""What the index's forms accept: a field that is not what the page sent is refused with a message in Vietnamese,
and nothing is written."""

import pytest

from par.scoring.models import Score
from par.scoring.tests.helpers import open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return open_year(units, people)


def test_a_self_score_whose_version_is_not_a_number_is_refused_in_vietnamese_and_nothing_is_saved(
    client_for, people, year
):
    c = year.criterion("1.1.1")
    url = f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/"
    response = client_for(people.justice_officer).post(url, {"points": "1", "version": "một"}, follow=True)
    assert "tải lại trang rồi thử lại" in response.content.decode()
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points is None


def test_thresholds_that_are_not_percentages_are_refused_and_the_old_ones_stay(client_for, people, year):
    before = list(year.framework.bands.values_list("label", "min_percent"))
    response = client_for(people.par_officer).post(
        f"/par-index/frameworks/{year.framework.pk}/bands/",
        {"label": ["Xuất sắc", "Tốt"], "min_percent": ["90", "tám mươi"], "version": year.framework.version},
        follow=True,
    )
    assert "Ngưỡng là tỷ lệ phần trăm" in response.content.decode()
    assert list(year.framework.bands.values_list("label", "min_percent")) == before


def test_an_import_without_a_file_asks_for_one(client_for, people, year):
    response = client_for(people.par_officer).post(
        f"/par-index/frameworks/{year.framework.pk}/import/", {}, follow=True
    )
    assert "Hãy chọn tệp" in response.content.decode()
