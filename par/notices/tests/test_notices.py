"""Notices: sent once per key, e-mailed after commit, read only by their user."""

import pytest
from django.core import mail
from django.urls import reverse

from par.audit.models import AuditEvent
from par.notices.actions import do_notify
from par.notices.models import Notice

pytestmark = pytest.mark.django_db


def _notify(people, **extra):
    people.justice_officer.email = "mai@sotuphap.thanhhoa.gov.vn"
    people.justice_officer.save()
    return do_notify(
        [people.justice_officer, people.justice_head],
        kind="test",
        key="test:1",
        title="Nhiệm vụ sắp đến hạn",
        body="Hạn 30/09/2021",
        url="/plans/",
        **extra,
    )


def test_a_notice_goes_once_to_each_user_and_is_emailed_after_commit(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify(people)
    assert len(created) == 2
    assert [m.to for m in mail.outbox] == [["mai@sotuphap.thanhhoa.gov.vn"]]  # the head has no e-mail address
    assert Notice.objects.get(user=people.justice_officer).emailed_at is not None
    assert AuditEvent.objects.filter(action="notices.notify").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = _notify(people)
    assert again == [] and len(mail.outbox) == 1


def test_anonymous_visitor_cannot_list_notices(client, db):
    assert client.get(reverse("notices:list")).status_code == 302


def test_user_sees_only_their_own_notices(client_for, people):
    _notify(people)
    html = client_for(people.justice_officer).get(reverse("notices:list")).content.decode()
    assert "Nhiệm vụ sắp đến hạn" in html
    html = client_for(people.ward_clerk).get(reverse("notices:list")).content.decode()
    assert "Nhiệm vụ sắp đến hạn" not in html


def test_opening_a_notice_marks_it_read_and_follows_its_link(client_for, people):
    _notify(people)
    notice = Notice.objects.get(user=people.justice_officer)
    response = client_for(people.justice_officer).post(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/plans/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_someone_elses_notice_looks_missing(client_for, people):
    _notify(people)
    notice = Notice.objects.get(user=people.justice_officer)
    response = client_for(people.ward_clerk).post(reverse("notices:open", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_a_notice_needs_a_post(client_for, people):
    _notify(people)
    notice = Notice.objects.get(user=people.justice_officer)
    assert (
        client_for(people.justice_officer).get(reverse("notices:open", args=[notice.pk])).status_code == 405
    )
