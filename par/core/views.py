"""The health check."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if request.GET.get("format") == "json":
        return JsonResponse({"status": "ok"})
    return HttpResponse("ok", content_type="text/plain")
