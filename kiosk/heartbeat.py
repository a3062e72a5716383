"""The kiosk's heartbeat, from its GUI event loop: status, metrics, health notices, and a
restart when memory has grown too much.

Every ``HEARTBEAT_MS`` (10 s) :class:`Heartbeat` writes the status file that ``kiosk
status`` reads (a frozen event loop stops the heartbeat: it shows as "down"), keeps the
Prometheus metrics file up to date when ``kiosk.yaml`` asks for one, sends health notices
through the staff-alert destinations (started after a crash, content broken, alerts
failing, and an optional daily "all well"; each at most once an hour), and asks for a
restart at the next safe moment once memory passes ``memory_limit_mb``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk import __version__
from kiosk.alerts import Event, StaffAlerter
from kiosk.status import (
    DOWN,
    HEARTBEAT_MS,
    KioskStatus,
    assess,
    metrics_text,
    read_status,
    write_metrics,
    write_status,
)

log = logging.getLogger(__name__)

NOTICE_EVERY_S = 3600.0
#: The exit status that asks the supervisor for a fresh start (EX_TEMPFAIL).
EXIT_RESTART = 75


@dataclass
class Readings:
    """What the running kiosk knows of itself at one beat (filled by the app)."""

    kiosk_name: str
    content_problems: int
    content_version: str
    speech_engine: str
    schedule: str
    sessions: int
    usage_counting: bool
    safe_to_restart: bool


class Heartbeat(QObject):
    """Writes the status (and metrics) regularly; sends health notices; restarts the
    kiosk at a safe moment when its memory passes the limit."""

    def __init__(
        self,
        parent: QObject,
        read: Callable[[], Readings],
        alerter: StaffAlerter | None,
        *,
        state: Path | None = None,
        metrics_file: Path | None = None,
        memory_limit_mb: int | None = None,
        health_notices: bool = True,
        daily_all_well: str | None = None,
        restart: Callable[[int], None] | None = None,
        clock: Callable[[], float] = time.time,
        local_time: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        memory_mb: Callable[[], float] | None = None,
        interval_ms: int = HEARTBEAT_MS,
    ) -> None:
        super().__init__(parent)
        self._read = read
        self._alerter = alerter
        self._state = state
        self._metrics_file = metrics_file
        self._memory_limit_mb = memory_limit_mb
        self._health_notices = health_notices and alerter is not None
        self._daily_all_well = daily_all_well
        self._restart = restart
        self._clock = clock
        self._local_time = local_time
        self._memory_mb = memory_mb or _resident_mb
        self.started = clock()
        self.restart_pending = False
        self._clean_exit = False
        self._noticed: dict[str, float] = {}
        self._all_well_day = ""
        self.last: KioskStatus | None = None
        self._notice_a_previous_crash()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)
        self._timer.start()
        QTimer.singleShot(0, self, self.beat)  # "up" as soon as the event loop runs

    def beat(self) -> KioskStatus:
        """Write the status now (the timer calls this)."""
        readings = self._read()
        status = self._status(readings)
        write_status(status, self._state)
        self.last = status
        if self._metrics_file is not None:
            state, _ = assess(status, running=lambda _pid: True)
            try:
                write_metrics(self._metrics_file, metrics_text(status, state))
            except OSError as exc:
                log.warning("could not write the metrics file %s: %s", self._metrics_file, exc)
        self._health(readings, status)
        self._watch_memory(status, readings)
        return status

    def health_line(self) -> str:
        """ "up", or "degraded: …" with the reasons, as ``kiosk status`` would say now."""
        status = self._status(self._read())
        status.notes = list(self.last.notes) if self.last else []  # e.g. state not writable
        state, reasons = assess(status, running=lambda _pid: True)
        return state if not reasons else f"{state}: " + "; ".join(reasons)

    def stopped_cleanly(self, how: str = "staff panel: Exit") -> None:
        """Staff (or the system, shutting down) closed the kiosk: "down" is then
        expected, and the next start is not reported as after a crash."""
        self._clean_exit = True
        self._timer.stop()
        if self.last is not None:
            self.last.clean_exit = True
            self.last.exit_reason = how
            self.last.written = self._clock()
            write_status(self.last, self._state)

    def _status(self, readings: Readings) -> KioskStatus:
        alerter = self._alerter
        return KioskStatus(
            pid=os.getpid(),
            version=__version__,
            kiosk_name=readings.kiosk_name,
            started=self.started,
            written=self._clock(),
            content_problems=readings.content_problems,
            content_version=readings.content_version,
            alerts_configured=bool(alerter and alerter.configured),
            alerts_failed=alerter.failed() if alerter else 0,
            speech_engine=readings.speech_engine,
            schedule=readings.schedule,
            memory_mb=round(self._memory_mb(), 1),
            sessions=readings.sessions,
            usage_counting=readings.usage_counting,
            clean_exit=self._clean_exit,
        )

    # --- health notices -----------------------------------------------------------------

    def _notice_a_previous_crash(self) -> None:
        previous = read_status(self._state)
        if previous is None or previous.clean_exit or previous.pid == os.getpid():
            return
        state, _ = assess(previous)
        if state == DOWN:
            when = datetime.fromtimestamp(previous.written).astimezone().strftime("%H:%M")
            log.warning("started again after an unexpected stop (last heartbeat %s)", when)
            self._notify(
                "restarted",
                f"the kiosk started again after it stopped unexpectedly (last heartbeat {when}).",
            )

    def _health(self, readings: Readings, status: KioskStatus) -> None:
        if readings.content_problems:
            self._notify(
                "content",
                f"its content has {readings.content_problems} problems; the last good copy "
                "is shown. Details: staff panel.",
            )
        if status.alerts_failed:
            self._notify(
                "alerts",
                f"{status.alerts_failed} staff alerts reached no destination. "
                "Check kiosk.yaml and run 'kiosk test-alert'.",
            )
        if self._daily_all_well:
            now = self._local_time()
            today = now.date().isoformat()
            if now.strftime("%H:%M") >= self._daily_all_well and self._all_well_day != today:
                self._all_well_day = today
                state, reasons = assess(status, running=lambda _pid: True)
                self._notify(
                    f"daily {today}",
                    "all is well." if not reasons else "running, with: " + "; ".join(reasons),
                    once_an_hour=False,
                )

    def _notify(self, kind: str, note: str, once_an_hour: bool = True) -> None:
        if not self._health_notices or self._alerter is None:
            return
        now = self._clock()
        last = self._noticed.get(kind)
        if once_an_hour and last is not None and now - last < NOTICE_EVERY_S:
            return
        self._noticed[kind] = now
        self._alerter.send(Event.HEALTH, note)

    # --- the memory ceiling -----------------------------------------------------------------

    def _watch_memory(self, status: KioskStatus, readings: Readings) -> None:
        limit = self._memory_limit_mb
        if limit is None:
            return
        if status.memory_mb > limit and not self.restart_pending:
            self.restart_pending = True
            log.warning(
                "memory %.0f MiB is above the limit of %d MiB: restarting at the next safe moment",
                status.memory_mb, limit,
            )  # fmt: skip
        if self.restart_pending and readings.safe_to_restart and self._restart is not None:
            log.warning("restarting now to free memory")
            self._restart(EXIT_RESTART)


def _resident_mb() -> float:
    import psutil  # after the first frame, not at start-up

    return float(psutil.Process().memory_info().rss) / 2**20
