"""A real HTTP server on 127.0.0.1 that records what the kiosk posts to it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """What the server saw; ``failures_left`` requests are answered with 500 first."""

    bodies: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    failures_left: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def webhook_server(failures: int = 0) -> Iterator[tuple[str, Received]]:
    """Serve on a free port of 127.0.0.1; yield (url, received)."""
    received = Received(failures_left=failures)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with received.lock:
                received.attempts += 1
                failing = received.failures_left > 0
                if failing:
                    received.failures_left -= 1
                else:
                    received.bodies.append(json.loads(body))
            self.send_response(500 if failing else 204)
            self.end_headers()
            if not failing:
                received.arrived.set()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kiosk-alert", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
