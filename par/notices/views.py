"""The user's own notices."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from par.notices.actions import do_mark_read
from par.notices.models import Notice


@login_required
def notice_list(request):
    notices = Notice.objects.filter(user=request.user)[:200]
    return render(request, "notices/notice_list.html", {"notices": notices, "active_nav": "notices"})


@login_required
@require_POST
def notice_open(request, pk: int):
    try:
        notice = Notice.objects.get(pk=pk, user=request.user)
    except Notice.DoesNotExist:
        raise Http404 from None
    do_mark_read(notice, actor=request.user)
    return redirect(notice.url or "notices:list")
