"""A small TCP proxy for the two-instance sync test: between the province and the national server, it answers
each connection according to a plan of faults, then forwards faithfully.

Modes, one per connection, taken from the plan in order (then "pass" for ever):
- "500": answers HTTP 500 without forwarding;
- "timeout": reads the request and says nothing until the client gives up;
- "lost": forwards the request (the national side stores it) but drops the answer, as a cut line would;
- "pass": forwards the request and relays the answer.
Refused connections are the proxy not listening yet (`start()` is called after the first pushes).
"""

from __future__ import annotations

import socket
import threading
import time


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class FaultProxy:
    def __init__(self, port: int, upstream: tuple[str, int], plan: list[str], hold_seconds: float):
        self.port, self.upstream, self.plan, self.hold = port, upstream, list(plan), hold_seconds
        self.seen: list[str] = []
        self._server: socket.socket | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._serve, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    def _serve(self) -> None:
        assert self._server is not None
        while True:
            try:
                conn, _addr = self._server.accept()
            except OSError:
                return
            with self._lock:
                mode = self.plan.pop(0) if self.plan else "pass"
                self.seen.append(mode)
            threading.Thread(target=self._handle, args=(conn, mode), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as up:
            up.sendall(request)
            answer = b""
            while chunk := up.recv(65536):
                answer += chunk
        return answer

    def _handle(self, conn: socket.socket, mode: str) -> None:
        with conn:
            request = _read_request(conn)
            if mode == "500":
                conn.sendall(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            elif mode == "timeout":
                time.sleep(self.hold)
            elif mode == "lost":
                self._forward(request)
            else:
                conn.sendall(self._forward(request))
