"""Real receivers on 127.0.0.1 for staff alerts: a mail server, and the broken ones.

(The HTTP receiver that records JSON is in webhook.py.)
"""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What the mail server received."""

    messages: list[tuple[str, list[str], str]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)

    def text(self, index: int = 0) -> str:
        """Subject and plain-text body of a message, decoded."""
        message = email.message_from_string(self.messages[index][2])
        body = next(
            part.get_payload(decode=True).decode("utf-8")
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
        return f"Subject: {message['Subject']}\n\n{body}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[str, Mailbox]]:
    """A real SMTP server (aiosmtpd); yields an Apprise mailto:// address and the mailbox."""
    mailbox = Mailbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
            text = envelope.content.decode("utf-8", "replace")
            mailbox.messages.append((envelope.mail_from, list(envelope.rcpt_tos), text))
            mailbox.arrived.set()
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (
            f"mailto://kiosk@127.0.0.1:{port}?mode=insecure"
            "&from=kiosk@clinic.test&to=desk@clinic.test",
            mailbox,
        )
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers; yields a json:// address."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{listener.getsockname()[1]}/never"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


@contextmanager
def trickling_server(every_s: float) -> Iterator[str]:
    """Answers one byte of a valid HTTP response every ``every_s`` seconds, forever:
    no single read ever times out. Yields a json:// address."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + b"X-Slow: yes\r\n" * 1000

    def serve(connection: socket.socket) -> None:
        with connection:
            for byte in response:
                if stop.wait(every_s):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{listener.getsockname()[1]}/trickle"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def refused_address() -> str:
    """A json:// address on a port where nothing listens (the connection is refused)."""
    return f"json://127.0.0.1:{free_port()}/nobody"


class Deliveries:
    """Wakes a test whenever an alerter reports progress: waiting without sleeping."""

    def __init__(self, alerter) -> None:  # type: ignore[no-untyped-def]
        self._changed = threading.Condition()
        alerter.listeners.append(self._notify)

    def _notify(self, _record: object) -> None:
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, condition, timeout_s: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
        with self._changed:
            return bool(self._changed.wait_for(condition, timeout_s))
