"""Sending and reading notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.links import absolute_url
from par.notices.models import Notice


def do_notify(
    users: Iterable, *, kind: str, key: str, title: str, body: str = "", url: str = "", unit=None, actor=None
) -> list[Notice]:
    """Send one notice per user for `key` (skipping users who already have it) and e-mail it after commit."""
    users = [u for u in users if u.is_active]
    with transaction.atomic():
        already = set(Notice.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        created = Notice.objects.bulk_create(
            Notice(user=u, unit=unit, kind=kind, key=key, title=title[:255], body=body, url=url)
            for u in users
            if u.pk not in already
        )
        if created:
            record_event(
                actor=actor,
                action="notices.notify",
                object_type="notices.notice",
                object_id=key,
                object_repr=title[:255],
                unit=unit,
                after={"users": [n.user_id for n in created], "kind": kind},
            )
            ids = [n.pk for n in created if n.pk is not None] or list(
                Notice.objects.filter(key=key, user_id__in=[n.user_id for n in created]).values_list(
                    "pk", flat=True
                )
            )
            transaction.on_commit(lambda: _email(ids))
    return created


def _email(notice_ids: list[int]) -> None:
    """E-mail the notices whose users have an address; mark them so a retry never sends twice."""
    for notice in Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True).select_related("user"):
        if not notice.user.email:
            continue
        link = f"\n\n{absolute_url(notice.url)}" if notice.url else ""
        send_mail(notice.title, f"{notice.body}{link}", None, [notice.user.email], fail_silently=False)
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def do_mark_read(notice: Notice, *, actor) -> Notice:
    """Mark one of the actor's notices as read (reading is not audited: it changes nothing for others)."""
    if notice.user_id != actor.pk:
        raise PermissionDenied(_("This notice is not yours."))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
