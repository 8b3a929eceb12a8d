"""The health checks: liveness (`/healthz`) and readiness (`/readyz`) for load balancers and supervisors."""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """Liveness: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if request.GET.get("format") == "json":
        return JsonResponse({"status": "ok"})
    return HttpResponse("ok", content_type="text/plain")


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 30)
    found = cache.get(key)
    cache.delete(key)
    return "ok" if found == value else "error"


def _tasks() -> str:
    """ "stuck" when a task has waited to run longer than PAR_READY_MAX_QUEUE_AGE minutes (decision 0162): the
    worker is down, or cannot keep up. A task waits from its enqueueing, or from its run_after if later."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks.backends.database.DatabaseBackend":
        return "ok"  # tasks run elsewhere (or at once): no queue here to watch
    cutoff = timezone.now() - dt.timedelta(minutes=settings.PAR_READY_MAX_QUEUE_AGE)
    stuck = DBTaskResult.objects.filter(
        Q(run_after=get_date_max()) | Q(run_after__lt=cutoff),
        status=ResultStatus.READY,
        enqueued_at__lt=cutoff,
    ).exists()
    return "stuck" if stuck else "ok"


CHECKS = {"database": _database, "cache": _cache, "tasks": _tasks}


@never_cache
def readyz(request):
    """Readiness: the database, the cache and the task queue work. 200 or 503, with a short code per check and
    nothing else (no host, no error text: anyone may ask; decision 0162)."""
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:
            logger.warning("readyz: the %s check failed", name, exc_info=True)
            checks[name] = "error"
    ready = all(code == "ok" for code in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks}, status=200 if ready else 503
    )
