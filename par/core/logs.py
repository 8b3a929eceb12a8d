"""Structured logs: one JSON object a line (LOG_FORMAT=json), and one line per request (LOG_REQUESTS=1).

A request is logged by its route, the URL pattern it matched ("/surveys/r/<str:token>/"), never by its path or
query string: survey links, kiosk links and password-reset links carry their secret in the URL, and the public
lookup's codes come in the query string.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_logger = logging.getLogger("par.request")


def route_of(request) -> str:
    """The URL pattern the request matched, "" when none did."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None and match.route else ""


class JsonFormatter(BaseJsonFormatter):
    """time (UTC, ISO-8601), level, logger and message, then the record's own fields (method, route, status…)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("json_ensure_ascii", False)  # Vietnamese stays readable
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["time"] = (
            dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        super().add_fields(log_data, record, message_dict)
        # Django's request and server logs attach the request itself (its repr holds the query string): keep
        # only its method and route. Its status is "status" here, as in PAR's own request lines.
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "method"):
            log_data.setdefault("method", request.method)
            log_data.setdefault("route", route_of(request))
        if "status_code" in log_data:
            log_data.setdefault("status", log_data.pop("status_code"))


class RequestLogMiddleware:
    """One INFO line on "par.request" per request: method, route, status and duration in milliseconds. Costs one
    level check when LOG_REQUESTS is off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        start = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - start) * 1000, 1)
        route = route_of(request)
        request_logger.info(
            "%s %s %s",
            request.method,
            route or "-",
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": duration,
            },
        )
        return response
