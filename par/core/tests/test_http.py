"""The one layer from an action to HTTP: statuses per kind of refusal, on screens and in the API."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from par.core.exceptions import ConflictError
from par.core.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE, download, form_status, run_action


class NameForm(forms.Form):
    name = forms.CharField()


def refuse(exc):
    def action(*args, **kwargs):
        raise exc

    return action


def request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_an_action_that_succeeds_returns_its_value():
    outcome = run_action(NameForm({"name": "x"}), lambda a, *, actor: (a, actor), 1, actor="u")
    assert outcome.ok and outcome.value == (1, "u") and outcome.status == 200


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (ValidationError("Ngày không hợp lệ."), 400),
        (PermissionDenied("Bạn không có quyền."), 403),
        (ConflictError("Người khác đã sửa."), 409),
    ],
)
def test_each_kind_of_refusal_has_one_status_on_a_form(exc, status):
    form = NameForm({"name": "x"})
    form.is_valid()
    outcome = run_action(form, refuse(exc))
    assert not outcome.ok and outcome.status == status
    assert form.non_field_errors() == outcome.errors
    assert form_status(form) == status


def test_a_field_error_from_an_action_lands_on_that_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    run_action(form, refuse(ValidationError({"name": "Tên đã có.", "other": "Khác."})))
    assert form.errors["name"] == ["Tên đã có."]
    assert "Khác." in form.non_field_errors()


def test_an_invalid_form_answers_400_and_an_unbound_one_200():
    invalid = NameForm({})
    invalid.is_valid()
    assert form_status(invalid) == 400
    assert form_status(NameForm()) == 200
    assert form_status(None) == 200


def test_a_refusal_without_a_form_becomes_a_page_message():
    request = request_with_messages()
    outcome = run_action(request, refuse(PermissionDenied("Bạn không có quyền.")))
    assert outcome.status == 403
    assert [str(m) for m in get_messages(request)] == ["Bạn không có quyền."]


def test_an_action_taking_target_or_action_keywords_gets_them():
    def save(plan, *, target, action, actor):
        return plan, target, action, actor

    outcome = run_action(NameForm({"name": "x"}), save, "plan", target="t", action="a", actor="u")
    assert outcome.ok and outcome.value == ("plan", "t", "a", "u")


def test_an_unexpected_error_is_not_swallowed():
    with pytest.raises(ZeroDivisionError):
        run_action(NameForm(), lambda: 1 / 0)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("bao-cao.docx", DOCX_TYPE),
        ("phu-luc.XLSX", XLSX_TYPE),
        ("qd.pdf", PDF_TYPE),
        ("x.bin", "application/octet-stream"),
    ],
)
def test_a_download_is_an_attachment_typed_by_its_extension(name, content_type):
    response = download(b"data", name)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"data"


class Refusing(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    exc: Exception = Exception()

    def post(self, request):
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "status", "body"),
    [
        (ValidationError("Ngày không hợp lệ."), 400, {"detail": "Ngày không hợp lệ."}),
        (ValidationError({"due": ["Sai ngày."]}), 400, {"due": ["Sai ngày."], "detail": "Sai ngày."}),
        (PermissionDenied("Bạn không có quyền."), 403, {"detail": "Bạn không có quyền."}),
        (ConflictError("Người khác đã sửa."), 409, {"detail": "Người khác đã sửa.", "code": "conflict"}),
        (
            ConflictError("Tổng điểm đã đổi.", current={"total": "58.19", "version": 7}),
            409,
            {"detail": "Tổng điểm đã đổi.", "code": "conflict", "current": {"total": "58.19", "version": 7}},
        ),
    ],
)
def test_the_api_answers_each_refusal_with_the_same_status_as_the_screens(exc, status, body):
    view = Refusing.as_view(exc=exc)
    response = view(APIRequestFactory().post("/", {}, format="json"))
    assert response.status_code == status
    assert response.data == body
