"""The national adapter over real HTTP on this machine: the key and the token in the headers, the item as JSON;
a refused connection or a 500 is a failed attempt, never an exception."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from par.sync.adapters import NationalAdapter
from par.sync.outbox import REPORTS, emit

pytestmark = pytest.mark.django_db
PORT = 8088


@pytest.fixture
def event(settings):
    settings.SYNC_ENABLED = True
    with transaction.atomic():
        return emit(REPORTS, "report.approved:7:v3", {"values": [{"element": "a", "number": "1.00"}]})


def serve(status: int, seen: list):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the standard library's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((dict(self.headers), json.loads(body)))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", PORT), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    return server


def test_an_item_is_posted_as_json_with_its_key_and_the_provinces_token(event):
    seen: list = []
    server = serve(201, seen)
    try:
        sent = NationalAdapter(url=f"http://127.0.0.1:{PORT}/inbox/", token="prv_abc", timeout=5).send(
            event, 0
        )
    finally:
        server.server_close()
    assert sent.ok
    [(headers, body)] = seen
    assert headers["Idempotency-Key"] == "report.approved:7:v3"
    assert headers["Authorization"] == "Province prv_abc"
    assert body["stream"] == REPORTS and (body["sequence"], body["previous"]) == (1, 0)
    assert body["payload"] == {"values": [{"element": "a", "number": "1.00"}]}


def test_a_server_error_is_a_failed_attempt_with_its_status(event):
    server = serve(500, [])
    try:
        sent = NationalAdapter(url=f"http://127.0.0.1:{PORT}/inbox/", token="prv_abc", timeout=5).send(
            event, 0
        )
    finally:
        server.server_close()
    assert not sent.ok and sent.error.startswith("HTTP 500")


def test_a_refused_connection_is_a_failed_attempt(event):
    sent = NationalAdapter(url="http://127.0.0.1:8089/inbox/", token="prv_abc", timeout=2).send(event, 0)
    assert not sent.ok and "refused" in sent.error.lower()
