"""Structured logs: LOG_FORMAT=json makes each record one JSON line; LOG_REQUESTS=1 logs each request by route."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import runpy
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from par.core.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = {"DEBUG": "1"}


def record(
    message="Hồ sơ %s đã tiếp nhận", args=("000.00.38.H56-260310-0001",), **extra
) -> logging.LogRecord:
    logger = logging.getLogger("par.dossiers")
    return logger.makeRecord("par.dossiers", logging.WARNING, __file__, 1, message, args, None, extra=extra)


def test_a_json_record_is_one_line_with_its_time_in_utc_level_logger_message_and_fields():
    with time_machine.travel(dt.datetime(2026, 3, 10, 16, 30, 5, 250000, tzinfo=dt.UTC), tick=False):
        line = JsonFormatter().format(record(method="POST", route="/dossiers/<int:pk>/", status=200))
    assert "\n" not in line
    assert json.loads(line) == {
        "time": "2026-03-10T16:30:05.250Z",
        "level": "WARNING",
        "logger": "par.dossiers",
        "message": "Hồ sơ 000.00.38.H56-260310-0001 đã tiếp nhận",
        "method": "POST",
        "route": "/dossiers/<int:pk>/",
        "status": 200,
    }


def test_an_exception_stays_on_the_one_line():
    try:
        raise ValueError("dòng một\ndòng hai")
    except ValueError:
        failed = logging.getLogger("par").makeRecord(
            "par", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
        line = JsonFormatter().format(failed)
    assert "\n" not in line
    assert "ValueError: dòng một\ndòng hai" in json.loads(line)["exc_info"]


@pytest.mark.django_db
def test_django_request_records_keep_the_method_and_route_but_not_the_query_string(rf):
    request = rf.get("/tra-cuu/", {"code": "000.00.38.H56-260310-0001", "security_code": "bí-mật"})
    line = JsonFormatter().format(record("Not Found: %s", (request.path,), request=request, status_code=404))
    data = json.loads(line)
    assert data["method"] == "GET" and data["status"] == 404 and "request" not in data
    assert "bí-mật" not in line and "security_code" not in line


@pytest.mark.django_db
def test_with_log_requests_each_request_is_logged_by_its_route_never_its_secret(client, caplog):
    logging.getLogger("par.request").setLevel(logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger="par.request"):
            client.get("/surveys/r/bi-mat-cua-phieu/")
            client.get("/tra-cuu/", {"code": "000.00.38.H56-260310-0001"})
    finally:
        logging.getLogger("par.request").setLevel(logging.NOTSET)
    formatted = [JsonFormatter().format(r) for r in caplog.records if r.name == "par.request"]
    lines = [json.loads(line) for line in formatted]
    assert [(line["method"], line["route"], line["status"]) for line in lines] == [
        ("GET", "/surveys/r/<str:token>/", 404),
        ("GET", "/tra-cuu/", 200),
    ]
    assert all(isinstance(line["duration_ms"], float) for line in lines)
    assert not [line for line in formatted if "bi-mat-cua-phieu" in line or "H56-260310" in line]


def test_without_log_requests_the_middleware_logs_nothing(client, caplog, db):
    with caplog.at_level(logging.WARNING):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "par.request"]


def read_settings(monkeypatch, env: dict[str, str]) -> dict:
    monkeypatch.setattr(os, "environ", dict(env))
    return runpy.run_path(str(ROOT / "par" / "settings.py"))


def test_log_format_json_sets_the_json_formatter_and_text_is_the_default(monkeypatch):
    text = read_settings(monkeypatch, SETTINGS)["LOGGING"]
    assert "formatter" not in text["handlers"]["console"] and text["formatters"] == {}
    logging_config = read_settings(monkeypatch, {**SETTINGS, "LOG_FORMAT": "json", "LOG_REQUESTS": "1"})[
        "LOGGING"
    ]
    assert logging_config["handlers"]["console"]["formatter"] == "json"
    assert logging_config["formatters"]["json"]["()"] == "par.core.logs.JsonFormatter"
    assert logging_config["loggers"]["par.request"]["level"] == "INFO"
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        read_settings(monkeypatch, {**SETTINGS, "LOG_FORMAT": "xml"})
