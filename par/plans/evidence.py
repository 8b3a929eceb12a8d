"""Validation of evidence files: allowed types checked by extension and by content, and a size limit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → (content type, accepted leading bytes)
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str
    upload: Any


def max_bytes() -> int:
    return int(getattr(settings, "PAR_EVIDENCE_MAX_MB", 20)) * 1024 * 1024


def check_evidence(upload) -> CheckedFile:
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
