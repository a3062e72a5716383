"""Silent staff alerts: tell the front desk, never the waiting room.

When a patient is shown the support screen, the kiosk can POST a small JSON message to a
machine on the clinic's network and/or run a command (both set in ``settings.yaml``).
The message holds only the event, the kiosk's name and the time: never answers, never
scores. Delivery runs on a worker thread with a few retries; failures are logged for staff
and never shown to, or block, the patient.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kiosk.model import StaffAlerts

log = logging.getLogger(__name__)

SUPPORT_SHOWN = "support_screen_shown"
DEFAULT_RETRY_DELAYS = (1.0, 3.0, 10.0)


@dataclass(frozen=True)
class Alert:
    """What staff are told. Deliberately nothing about the patient."""

    event: str
    kiosk: str
    time: str

    def to_json(self) -> bytes:
        return json.dumps({"event": self.event, "kiosk": self.kiosk, "time": self.time}).encode()


@dataclass
class AlertLog:
    """Times of alerts staff have not acknowledged yet (shown in the staff panel)."""

    unacknowledged: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, time: str) -> None:
        with self._lock:
            self.unacknowledged.append(time)

    def acknowledge_all(self) -> None:
        with self._lock:
            self.unacknowledged.clear()


class StaffAlerter:
    """Delivers :class:`Alert` s off the caller's thread, with retries."""

    def __init__(
        self,
        settings: StaffAlerts,
        kiosk_name: str,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.kiosk_name = kiosk_name
        self.retry_delays = tuple(retry_delays)
        self.clock = clock
        self.log = AlertLog()
        self._stop = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staff-alert")

    @property
    def configured(self) -> bool:
        return bool(self.settings.webhook_url or self.settings.command)

    def notify(self, event: str = SUPPORT_SHOWN) -> Future[bool]:
        """Record the alert and deliver it in the background; returns at once."""
        alert = Alert(event, self.kiosk_name, self.clock().isoformat(timespec="seconds"))
        self.log.add(alert.time)
        return self._executor.submit(self._deliver, alert)

    def on_safety_answer(self, instrument_id: str) -> None:
        """Subscribed to ``Router.safety_answered``: tell staff now. Which check it was,
        and the answer, stay on the kiosk."""
        self.notify(SUPPORT_SHOWN)

    def shutdown(self) -> None:
        """Stop waiting between retries and let the worker finish."""
        self._stop.set()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _deliver(self, alert: Alert) -> bool:
        delivered = True
        if self.settings.webhook_url:
            delivered &= self._with_retries("webhook", lambda: self._post(alert))
        if self.settings.command:
            delivered &= self._with_retries("command", lambda: self._run_command(alert))
        return delivered

    def _with_retries(self, what: str, attempt: Callable[[], None]) -> bool:
        tries = self.settings.retries
        for number in range(1, tries + 1):
            try:
                attempt()
            except Exception as exc:  # noqa: BLE001 - any failure is logged and retried
                log.warning("staff alert %s failed (try %d of %d): %s", what, number, tries, exc)
                if number < tries and self._stop.wait(self._delay(number)):
                    return False
            else:
                log.info("staff alert sent by %s", what)
                return True
        log.error("staff alert %s gave up after %d tries", what, tries)
        return False

    def _delay(self, number: int) -> float:
        if not self.retry_delays:
            return 0.0
        return self.retry_delays[min(number, len(self.retry_delays)) - 1]

    def _post(self, alert: Alert) -> None:
        import urllib.request  # only when an alert is sent: it costs start-up time

        assert self.settings.webhook_url is not None
        request = urllib.request.Request(
            self.settings.webhook_url,
            data=alert.to_json(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        # The webhook is on the clinic's own network: never route it through a proxy.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=self.settings.timeout_seconds) as response:
            if not 200 <= response.status < 300:
                raise OSError(f"the server answered {response.status}")

    def _run_command(self, alert: Alert) -> None:
        assert self.settings.command is not None
        env = {
            **os.environ,
            "KIOSK_EVENT": alert.event,
            "KIOSK_NAME": alert.kiosk,
            "KIOSK_TIME": alert.time,
        }
        subprocess.run(
            list(self.settings.command),
            env=env,
            check=True,
            timeout=self.settings.timeout_seconds,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
