"""Opening hours: the kiosk rests outside them, and never in the middle of a session.

:class:`OpeningHours` checks the pack's ``schedule`` every 30 seconds (and whenever the
patient's way changes, e.g. a session ending at the attract loop). Closed, it covers
the screen with the dark night screen (``closed_mode: night``) and, with
``closed_mode: off``, also asks the display to sleep where the platform allows (X11
DPMS). It waits for the session under way to end: a patient finishing a self-check at
six o'clock finishes it. With ``wake_on_touch``, a touch on the dark screen shows the
home menu until the kiosk is left alone again.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from kiosk.model import Schedule
from kiosk.router import Router
from kiosk.schedule import is_open
from kiosk.views.night import NightOverlay

log = logging.getLogger(__name__)

CHECK_MS = 30_000


class OpeningHours(QObject):
    """Signals:
    closed_changed(bool): the kiosk closed for the night (True) or opened (False).
    """

    closed_changed = Signal(bool)

    def __init__(
        self,
        router: Router,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        check_ms: int = CHECK_MS,
        display_sleep: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(router)
        self.router = router
        self.clock = clock
        self.closed = False
        self.awake = False  # woken by a touch while closed
        self._display_sleep = display_sleep or dpms_sleep
        self.night = NightOverlay(router.window)
        self.night.touched.connect(self._woken)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        router.navigated.connect(lambda _name: self.check())
        QTimer.singleShot(0, self, self.check)  # a kiosk started at night starts dark

    @property
    def schedule(self) -> Schedule | None:
        """The hours of the pack shown (a reloaded pack's hours apply at once)."""
        return self.router.pack.settings.schedule

    def state(self) -> str:
        """For the status file: "always open", "open" or "closed"."""
        if self.schedule is None:
            return "always open"
        return "closed" if self.closed else "open"

    def check(self) -> None:
        """Open or close, if it is time and the moment is safe."""
        open_now = is_open(self.schedule, self.clock())
        if open_now and self.closed:
            self._open()
        elif not open_now and not self.closed and self._no_session():
            self._close()
        elif not open_now and self.closed and self.awake and self._no_session():
            self._close()  # woken by a touch, and left alone again

    def _no_session(self) -> bool:
        return self.router.current_name() == "attract" and self.router.session.check is None

    def _close(self) -> None:
        assert self.schedule is not None
        self.closed, self.awake = True, False
        self.router.attract.stop()
        self.night.show_night(self.router.pack.clinic_name(self.router.language))
        if self.schedule.closed_mode == "off":
            self._display_sleep(True)
        log.info("closed for the night (%s)", self.schedule.closed_mode)
        self.closed_changed.emit(True)

    def _open(self) -> None:
        self.closed = self.awake = False
        self.night.hide()
        self._display_sleep(False)
        if self.router.current_name() == "attract":
            self.router.show_attract()
        log.info("open")
        self.closed_changed.emit(False)

    def _woken(self) -> None:
        if self.schedule is None or not self.schedule.wake_on_touch:
            return
        self.awake = True
        self.night.hide()
        self._display_sleep(False)
        self.router.show_home()


def dpms_sleep(asleep: bool) -> None:
    """Ask an X11 display to sleep (or wake); elsewhere the night screen stays dark."""
    if QGuiApplication.platformName() != "xcb" or not shutil.which("xset"):
        return
    command = ["xset", "dpms", "force", "off"] if asleep else ["xset", "dpms", "force", "on"]
    try:
        subprocess.run(command, timeout=5, check=False, capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not ask the display to %s: %s", "sleep" if asleep else "wake", exc)
