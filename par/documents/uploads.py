"""Uploaded files, in one place: what is accepted, and keeping storage in step with the database.

An action checks every upload with `check_upload` before it opens its transaction (a refused file costs
nothing), then writes the files inside `uploads.atomic()` with `save_upload`:

    checked = [check_upload(f) for f in files]
    with uploads.atomic():
        evidence = Evidence(update=update, original_name=checked[0].name, ...)
        save_upload(evidence.file, checked[0])
        evidence.save()
        record_event(...)

Files are not transactional: when the block raises and its rows roll back, the files written inside it are
removed, or they would stay on disk with no row pointing at them and nobody could reach or delete them. A block
nested in another hands its files to the outer one when it succeeds, so they go too if the outer block fails.
(Only a plain `transaction.atomic()` around an action could still roll back after its files were kept; an action
opens the outermost transaction, views and tasks call actions, so none does.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from par.core.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE

# extension → (content type, accepted leading bytes)
ALLOWED = {
    "pdf": (PDF_TYPE, (b"%PDF",)),
    "docx": (DOCX_TYPE, (b"PK\x03\x04",)),
    "xlsx": (XLSX_TYPE, (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with what the row that keeps it records."""

    name: str
    content_type: str
    size: int
    sha256: str
    upload: Any


def max_bytes() -> int:
    return int(getattr(settings, "PAR_EVIDENCE_MAX_MB", 20)) * 1024 * 1024


def check_upload(upload) -> CheckedFile:
    """Raise a ValidationError in the user's language unless the file is of an allowed type and size."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: file type not accepted. Accepted: %(types)s.")
            % {"name": name, "types": ", ".join(sorted(ALLOWED))}
        )
    if upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; the limit is %(limit)d MB.")
            % {"name": name, "size": upload.size / 1048576, "limit": max_bytes() // 1048576}
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    upload.seek(0)
    head = upload.read(8)
    content_type, magics = ALLOWED[ext]
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("“%(name)s” does not look like a .%(ext)s file; it may be damaged or renamed.")
            % {"name": name, "ext": ext}
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=name, content_type=content_type, size=upload.size, sha256=digest.hexdigest(), upload=upload
    )


# The files written inside the innermost running `atomic()` block (per thread and task), as (storage, name).
_written: ContextVar[list[tuple[Any, str]] | None] = ContextVar("par_uploads_written", default=None)


@contextmanager
def atomic(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic()` that also removes the files `save_upload` wrote inside it if the block raises."""
    written: list[tuple[Any, str]] = []
    token = _written.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
    outer = _written.get()
    if outer is not None:
        outer.extend(written)


def save_upload(fieldfile: FieldFile, checked: CheckedFile, name: str | None = None) -> str:
    """Write the checked upload as the file of `fieldfile` (the caller saves the row); returns the stored name.

    Must run inside `uploads.atomic()`, which removes the file again if the transaction rolls back.
    """
    written = _written.get()
    if written is None:
        raise RuntimeError("save_upload must run inside par.documents.uploads.atomic()")
    fieldfile.save(name or checked.name, checked.upload, save=False)
    stored = str(fieldfile.name)
    written.append((fieldfile.storage, stored))
    return stored
