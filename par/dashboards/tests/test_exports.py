"""Long dashboard exports through HTTP: the offer, the queued job and its task, the progress page, the file, and
who may see it (decision 0173)."""

import datetime as dt
import io
import signal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks.backends.database.models import DBTaskResult
from openpyxl import load_workbook

from par.audit.models import AuditEvent
from par.core.testing import english
from par.dashboards import exporting, tasks
from par.dashboards.models import ExportJob, ExportState
from par.dashboards.tasks import build_export
from par.dashboards.tests.conftest import Q3, rollup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture(autouse=True)
def short_limit(settings, tmp_path):
    # Two rows fit in a request; the province's unit table (the province and each unit below it) does not.
    settings.PAR_EXPORT_INLINE_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def figures(units, procedure):
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=5, resolved_on_time=3, resolved_late=1
    )
    rollup(units.justice, procedure, dt.date(2026, 9, 1), received=2, resolved_early=2)


def export_url(units, table="units"):
    return reverse("dashboards:export", args=[units.province.pk, table]) + Q3


def queue(client, url, django_capture_on_commit_callbacks) -> ExportJob:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:export_job", args=[job.pk])
    return job


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


# Asking ----------------------------------------------------------------------------------------------------


def test_a_table_longer_than_the_limit_is_offered_as_a_background_export(client_for, units, people, figures):
    response = english(client_for(people.par_officer)).get(export_url(units))
    assert response.status_code == 200
    assert "Its file is prepared in the background" in response.content.decode()
    assert 'id="export-queue"' in response.content.decode()
    assert not ExportJob.objects.exists()  # a GET changes nothing


def test_a_table_within_the_limit_still_downloads_at_once(client_for, units, people, settings):
    settings.PAR_EXPORT_INLINE_MAX_ROWS = 1000
    response = client_for(people.par_officer).get(export_url(units))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


def test_asking_for_a_long_export_queues_one_job_its_audit_row_and_its_task(
    client_for, units, people, figures, django_capture_on_commit_callbacks
):
    client = client_for(people.par_officer)
    page = client.get(reverse("dashboards:province") + Q3).context["tables"]["units"]
    job = queue(client, export_url(units), django_capture_on_commit_callbacks)
    assert (job.requester, job.unit, job.table, job.state) == (
        people.par_officer,
        units.province,
        "units",
        "queued",
    )
    assert job.rows_total == len(page.rows) + (1 if page.total else 0)
    assert (job.period_query, job.counted_on) == ("span=q3&year=2026", dt.date(2026, 11, 30))
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "par.dashboards.tasks.build_export"
    assert queued.args_kwargs["args"] == [job.pk]
    event = AuditEvent.objects.get(action="dashboards.export_queued")
    assert (event.actor, event.object_id, event.after["rows"]) == (
        people.par_officer,
        str(job.pk),
        job.rows_total,
    )


# The task and its file -------------------------------------------------------------------------------------


def test_the_task_writes_every_row_of_the_table_to_the_file_the_requester_downloads(
    client_for, units, people, figures, django_capture_on_commit_callbacks
):
    client = client_for(people.par_officer)
    table = client.get(reverse("dashboards:province") + Q3).context["tables"]["units"]
    job = queue(client, export_url(units), django_capture_on_commit_callbacks)
    assert build_export.call(job.pk) == {"rows": job.rows_total}
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.percent) == (ExportState.DONE, job.rows_total, 100)
    page = client.get(reverse("dashboards:export_job", args=[job.pk])).content.decode()
    assert reverse("dashboards:export_job_file", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: the page stops asking
    response = client.get(reverse("dashboards:export_job_file", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert job.filename in response["Content-Disposition"]
    values = sheet_rows(b"".join(response.streaming_content))
    header = tuple(c.label for c in table.columns)
    at = values.index(header)
    expected = [tuple(exporting._value(v) for v in row) for row in exporting.all_rows(table)]
    assert values[at + 1 : at + 1 + len(expected)] == expected
    assert values[1][0] == "Tỉnh Thanh Hóa"
    received = header.index("Số hồ sơ tiếp nhận")
    by_unit = {row[0]: row for row in values[at + 1 :] if row and row[0]}
    assert by_unit["Phường Bỉm Sơn"][received] == 5
    assert AuditEvent.objects.filter(action="dashboards.export_done", object_id=str(job.pk)).exists()


def test_a_procedure_table_exports_in_the_background_too(
    client_for, units, people, procedure, figures, django_capture_on_commit_callbacks
):
    client = client_for(people.par_officer)
    url = reverse("dashboards:export_procedure", args=[units.province.pk, procedure.code, "units"]) + Q3
    table = client.get(reverse("dashboards:procedure", args=[units.province.pk, procedure.code]) + Q3)
    rows = exporting.all_rows(table.context["tables"]["units"])
    assert len(rows) > settings.PAR_EXPORT_INLINE_MAX_ROWS
    job = queue(client, url, django_capture_on_commit_callbacks)
    build_export.call(job.pk)
    values = sheet_rows(
        b"".join(client.get(reverse("dashboards:export_job_file", args=[job.pk])).streaming_content)
    )
    assert values[1][0] == "Tỉnh Thanh Hóa · Đăng ký khai sinh"
    assert len([r for r in values if r and r[0] in {row[0] for row in rows}]) == len(rows)


def test_the_task_reports_its_progress_a_chunk_of_rows_at_a_time(
    client_for, units, people, figures, django_capture_on_commit_callbacks, monkeypatch
):
    client = english(client_for(people.par_officer))
    job = queue(client, export_url(units), django_capture_on_commit_callbacks)
    total = job.rows_total
    seen = []

    def progress(job, done, total):
        seen.append((done, total, ExportJob.objects.get(pk=job.pk).state))
        original(job, done, total)

    original = tasks.do_record_export_progress
    monkeypatch.setattr(exporting, "CHUNK_ROWS", 2)
    monkeypatch.setattr(tasks, "do_record_export_progress", progress)
    build_export.call(job.pk)
    steps = [0, *range(2, total, 2), total]
    assert seen == [(done, total, ExportState.RUNNING) for done in steps]


def test_the_job_page_shows_the_rows_written_and_asks_again_while_running(
    client_for, units, people, figures, django_capture_on_commit_callbacks
):
    client = english(client_for(people.par_officer))
    job = queue(client, export_url(units), django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, rows_done=2, rows_total=8)
    page = client.get(reverse("dashboards:export_job", args=[job.pk])).content.decode()
    assert "2 of 8 rows written" in page
    assert 'aria-valuenow="25"' in page
    assert 'hx-trigger="every 2s"' in page
    assert reverse("dashboards:export_job_file", args=[job.pk]) not in page
    fragment = client.get(reverse("dashboards:export_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="export-status"')
    # The file of an unfinished job is not there yet.
    assert client.get(reverse("dashboards:export_job_file", args=[job.pk])).status_code == 404


def test_a_job_whose_requester_lost_the_unit_fails_with_a_reason(
    client_for, units, people, figures, django_capture_on_commit_callbacks
):
    client = client_for(people.par_officer)
    job = queue(client, export_url(units), django_capture_on_commit_callbacks)
    people.par_officer.memberships.all().delete()
    with pytest.raises(Exception):  # noqa: B017  (the 404 of the access check, recorded by the task backend)
        build_export.call(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    assert "could not be prepared" in job.error or "Không tạo được" in job.error
    assert not job.file
    assert build_export.call(job.pk) == {"rows": 0}  # a job is built once


# Who sees a job --------------------------------------------------------------------------------------------


def job_urls(job):
    return [
        reverse("dashboards:export_job", args=[job.pk]),
        reverse("dashboards:export_job_file", args=[job.pk]),
    ]


@pytest.fixture
def built(client_for, units, people, figures, django_capture_on_commit_callbacks):
    job = queue(client_for(people.par_officer), export_url(units), django_capture_on_commit_callbacks)
    build_export.call(job.pk)
    return job


def test_anonymous_visitor_is_sent_to_sign_in_from_every_export_address(units, built):
    client = Client()
    for url in [reverse("dashboards:exports"), *job_urls(built)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert client.post(export_url(units)).status_code == 302
    assert ExportJob.objects.count() == 1


def test_another_user_gets_404_for_a_job_even_when_they_see_its_unit(client_for, people, built):
    for other in (people.auditor, people.justice_head, people.outsider):
        client = client_for(other)
        for url in job_urls(built):
            assert client.get(url).status_code == 404, (other, url)
        assert built.title not in client.get(reverse("dashboards:exports")).content.decode()


def test_the_requester_sees_the_job_in_my_exports_and_downloads_it(client_for, people, built):
    client = client_for(people.par_officer)
    page = client.get(reverse("dashboards:exports")).content.decode()
    assert reverse("dashboards:export_job", args=[built.pk]) in page
    assert reverse("dashboards:export_job_file", args=[built.pk]) in page
    for url in job_urls(built):
        assert client.get(url).status_code == 200, url


def test_a_department_head_cannot_export_the_province_table(client_for, units, people):
    client = client_for(people.justice_head)
    assert client.post(export_url(units)).status_code == 404
    assert not ExportJob.objects.exists()


def test_my_exports_is_in_the_menu(client_for, people):
    page = english(client_for(people.justice_officer)).get(reverse("dashboards:exports")).content.decode()
    assert "My exports" in page
    assert "You have asked for no export yet" in page


# Query counts ----------------------------------------------------------------------------------------------


def test_the_job_page_and_its_fragment_read_a_fixed_number_of_queries(
    client_for, people, built, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("dashboards:export_job", args=[built.pk])
    client.get(url)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200


def test_my_exports_reads_the_same_queries_for_one_job_and_for_many(
    client_for, units, people, built, django_assert_num_queries
):
    client = client_for(people.par_officer)
    client.get(reverse("dashboards:exports"))
    with django_assert_num_queries(6):
        client.get(reverse("dashboards:exports"))
    for _n in range(5):
        built.pk = None
        built.save()
    with django_assert_num_queries(6):
        client.get(reverse("dashboards:exports"))


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_a_queued_export(client_for, units, people, figures):
    client = client_for(people.par_officer)
    assert client.post(export_url(units)).status_code == 302  # committed at once: the task is queued
    job = ExportJob.objects.get()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    finished = DBTaskResult.objects.get()
    assert finished.status == "SUCCEEDED", finished.exception_class_path
    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ExportState.DONE, job.rows_total)
    assert len(sheet_rows(job.file.read())) > job.rows_total
