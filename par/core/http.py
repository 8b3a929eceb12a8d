"""One layer from an action to HTTP: `run_action` for HTML views, `api_exception_handler` for the API, and
`download()` for files. One status per kind of refusal everywhere (decision 0106):

- invalid input (django ValidationError) 400;
- a permission refusal by an action on an object the user may see (PermissionDenied) 403; an object the user may
  not see is a 404 from the `access_*` functions, whether missing or forbidden (decision 0001);
- a stale version or a state that changed meanwhile (ConflictError) 409;
- too many requests 429 (par.core.ratelimit).
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework import status as drf_status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from par.core.exceptions import ConflictError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CSV_TYPE = "text/csv"
CONTENT_TYPES = {".docx": DOCX_TYPE, ".xlsx": XLSX_TYPE, ".pdf": PDF_TYPE, ".csv": CSV_TYPE}

VALIDATION, FORBIDDEN, CONFLICT = 400, 403, 409


def error_messages(exc: Exception) -> list[str]:
    """The user-facing text of an action's refusal, already in the user's language."""
    if isinstance(exc, ConflictError):
        return [exc.message]
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("You may not do this.")]


def status_for(exc: Exception) -> int:
    """The HTTP status of an action's refusal."""
    if isinstance(exc, ConflictError):
        return CONFLICT
    if isinstance(exc, PermissionDenied):
        return FORBIDDEN
    return VALIDATION


@dataclass
class Outcome:
    """What an action call came to: its return value, or the refusal's messages and HTTP status."""

    value: Any = None
    errors: list[str] = field(default_factory=list)
    status: int = 200

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def conflict(self) -> bool:
        return self.status == CONFLICT


REFUSALS = (ConflictError, ValidationError, PermissionDenied)


def run_action(target: forms.BaseForm | HttpRequest, action, /, *args, **kwargs) -> Outcome:
    """Call `action(*args, **kwargs)`. A refusal becomes an Outcome with its messages and status, shown on the
    form when `target` is a form (a field's ValidationError on that field), or as page messages when it is a
    request. Anything else propagates: it is a bug, not a refusal. `target` and `action` are positional only,
    so that an action's own keyword arguments of those names (`do_save_target(..., target=…)`) pass through."""
    try:
        return Outcome(value=action(*args, **kwargs))
    except REFUSALS as exc:
        outcome = Outcome(errors=error_messages(exc), status=status_for(exc))
        if isinstance(target, forms.BaseForm):
            _show_on_form(target, exc, outcome)
        else:
            for error in outcome.errors:
                messages.error(target, error)
        return outcome


def _show_on_form(form: forms.BaseForm, exc: Exception, outcome: Outcome) -> None:
    form.refusal_status = outcome.status  # type: ignore[attr-defined]
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(None, outcome.errors)


def form_status(form: forms.BaseForm | None) -> int:
    """The status of a page that shows `form`: the refusal's status, 400 for invalid input, else 200."""
    if form is None or not form.is_bound or not form.errors:
        return 200
    return getattr(form, "refusal_status", VALIDATION)


def download(content: bytes, filename: str, content_type: str | None = None) -> FileResponse:
    """A generated file as an attachment; the type follows the file name's extension unless given."""
    if content_type is None:
        extension = filename[filename.rfind(".") :].lower() if "." in filename else ""
        content_type = (
            CONTENT_TYPES.get(extension) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


def stored_download(fieldfile, filename: str, content_type: str = "") -> FileResponse:
    """A stored file (an upload) as an attachment, streamed from its storage: never served at a public URL."""
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: the actions' refusals get the same statuses as on the screens.
    A Django ValidationError with field errors answers {"field": [...]} like a serializer's; otherwise
    {"detail": "..."}; a conflict is {"detail": "...", "code": "conflict"}, with the object as it is now under
    "current" when the action gave it."""
    if isinstance(exc, ConflictError):
        conflict: dict[str, Any] = {"detail": exc.message, "code": "conflict"}
        if exc.current is not None:
            conflict["current"] = exc.current
        return Response(conflict, status=drf_status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            body: dict = {
                name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()
            }
            body.setdefault("detail", " ".join(exc.messages))
        else:
            body = {"detail": " ".join(exc.messages)}
        return Response(body, status=drf_status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied) and not isinstance(exc, drf_exceptions.PermissionDenied):
        exc = drf_exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
