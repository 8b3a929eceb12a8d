"""An uploaded plan file waiting between its preview and the confirm.

It waits under MEDIA_ROOT/plans/imports/<token>/ next to a small JSON note of who uploaded it, for which unit and
when; the file is read again at confirm (no pickled objects in the session). Written and removed only by the
actions `do_stage_plan_import` and `do_confirm_plan_import` (par.plans.actions); pages only read it.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

IMPORTS_DIR = PurePosixPath("plans/imports")
# An upload not confirmed within a day is stale: the unit tree or the user's roles may have changed.
UPLOAD_LIFETIME = dt.timedelta(days=1)


@dataclass(frozen=True)
class StagedFile:
    """A waiting upload as its note describes it."""

    token: str
    user_id: int
    unit_id: int
    year: int | None
    name: str
    file_path: str
    at: dt.datetime

    @property
    def stale(self) -> bool:
        return timezone.now() - self.at > UPLOAD_LIFETIME


def write(user, unit, year: int | None, upload) -> str:
    """Store the upload and its note; returns the token that names them."""
    token = str(uuid.uuid4())
    folder = IMPORTS_DIR / token
    suffix = PurePosixPath(upload.name.lower()).suffix
    default_storage.save(str(folder / f"upload{suffix}"), upload)
    note = {"user": user.pk, "unit": unit.pk, "year": year, "name": upload.name[:200], "suffix": suffix,
            "at": timezone.now().isoformat()}  # fmt: skip
    default_storage.save(str(folder / "meta.json"), ContentFile(json.dumps(note).encode()))
    return token


def read(token) -> StagedFile | None:
    """The waiting upload named `token`, or None when there is none (or its note is unreadable)."""
    folder = IMPORTS_DIR / str(token)
    try:
        with default_storage.open(str(folder / "meta.json")) as handle:
            note = json.loads(handle.read())
        return StagedFile(
            token=str(token),
            user_id=note["user"],
            unit_id=note["unit"],
            year=note.get("year"),
            name=note["name"],
            file_path=str(folder / f"upload{note['suffix']}"),
            at=dt.datetime.fromisoformat(note["at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove(staged: StagedFile) -> None:
    """Delete the upload and its note."""
    for path in (staged.file_path, str(IMPORTS_DIR / staged.token / "meta.json")):
        default_storage.delete(path)
