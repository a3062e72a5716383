"""Start the Qt user interface: fonts, stylesheet, the window, the router.

:func:`build_ui` makes a ready window for a pack (the tests and the screenshot gallery use
it); :func:`run_kiosk` adds the QApplication, full screen and the event loop.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.alert_watch import watch_alerts
from kiosk.alerts import StaffAlerter
from kiosk.audio import AudioMode
from kiosk.content_watch import ContentWatcher
from kiosk.first_frame import remember
from kiosk.fonts import load_fonts
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import ContentPack
from kiosk.logs import FaultHandler, configure_logging
from kiosk.machine_check import MachineCheck
from kiosk.model import MachineConfig
from kiosk.platform_care import take_care
from kiosk.router import Router, Timing
from kiosk.speech import Reader
from kiosk.theme import THEMES
from kiosk.unattended import keep_unattended
from kiosk.validation import load_for_showing
from kiosk.views import first_frame
from kiosk.views.burn_in import PixelShift
from kiosk.views.window import KioskWindow
from kiosk.views.window_setup import show_window, stylesheet_template, use_one_style
from kiosk.watchdog import SystemdNotifier

log = logging.getLogger(__name__)

OPEN_SPEECH_AFTER_MS = 3000


def build_ui(
    pack: ContentPack,
    timing: Timing | None = None,
    language: str | None = None,
    reader: Reader | None = None,
    shown: first_frame.ShownFrame | None = None,
) -> tuple[KioskWindow, Router]:
    """Return the kiosk window for ``pack`` with its router, showing the attract loop.

    ``shown``: the window already on screen with the first frame (kiosk.first_frame).
    The kiosk is built into it, and its own attract screen, on the same slide, takes the
    first frame's place.
    """
    use_one_style()
    load_fonts()
    timing = timing or Timing(slide_ms=round(pack.settings.attract.seconds_per_slide * 1000))
    palette = THEMES[pack.settings.theme]
    if shown is None:
        window, first_attract = KioskWindow(stylesheet_template(), palette), None
    else:
        window, first_attract = shown.window, shown.attract
        window.set_palette(palette)
    window.setWindowTitle(f"{pack.settings.clinic_name} — {pack.settings.kiosk_name}")
    router = Router(window, pack, timing, language)
    AudioMode(
        router,
        reader or Reader(parent=router, languages=list(pack.languages)),
        pack.settings.speech,
    )
    router.show_attract()
    if first_attract is not None:
        window.stack.removeWidget(first_attract)
        first_attract.deleteLater()
    return window, router


def run_kiosk(
    pack: ContentPack,
    windowed: bool = False,
    language: str | None = None,
    content_dir: Path | None = None,
    content_problems: list[str] | None = None,
    config: MachineConfig | None = None,
    config_problems: list[str] | None = None,
    config_file: Path | None = None,
    shown: first_frame.ShownFrame | None = None,
) -> int:
    """Run the kiosk until staff exit it (or the window is closed, when windowed).

    ``shown``: the first frame, already on screen (see kiosk.first_frame and build_ui).
    """
    log_file = configure_logging()
    log.info("kiosk %s starting on %s; log in %s", __version__, pack.root, log_file)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("KetaMD kiosk")
    config = config or MachineConfig()
    kiosk_name = config.kiosk_name or pack.settings.kiosk_name
    alerter = StaffAlerter(config.staff_alerts, kiosk_name)
    window, router = build_ui(pack, language=language, shown=shown)
    if shown is None:
        first_frame.watch_first_paint(router.attract, "built from the checked content")
    elif shown.painted_at is not None:
        first_frame.log_start_up(shown.painted_at, "remembered from the last start")
    alert_watch = watch_alerts(router, alerter)
    reload_from = content_dir or pack.root
    content_watcher = ContentWatcher(reload_from, parent=window)
    content_watcher.start()
    guard = KioskGuard(
        router,
        GuardTiming.from_settings(pack),
        kiosk_mode=not windowed,
        reload_content=lambda: load_for_showing(reload_from),
        alerter=alerter,
        alert_watch=alert_watch,
        content_problems=content_problems,
        content_watcher=content_watcher,
        kiosk_name=kiosk_name,
        config_problems=config_problems,
        follow_pack_timeouts=True,
        content_dir=reload_from,
    )
    MachineCheck(guard.staff, reload_from, config_file)  # the panel's "Check this machine"
    unattended = keep_unattended(router, guard, alerter, config, kiosk_name)
    audio = router.findChild(AudioMode)
    if audio is not None:
        # Opened in its own thread soon after the first frame, so that the status knows
        # whether there is a voice before the first patient asks for one.
        QTimer.singleShot(OPEN_SPEECH_AFTER_MS, audio.reader.open)
        app.aboutToQuit.connect(audio.reader.shutdown)
    stop_on_termination(app, lambda: unattended.heartbeat.stopped_cleanly("stopped by the system"))
    faults = FaultHandler(guard.recover_from_fault, on_storm=guard.rest)
    faults.install()
    keep_systemd_informed(window, app)
    app.aboutToQuit.connect(guard.shutdown)
    app.aboutToQuit.connect(alerter.shutdown)
    app.aboutToQuit.connect(faults.uninstall)
    if shown is None:
        show_window(window, windowed, touch_only=pack.settings.touch_only)
    if not windowed:
        take_care(QGuiApplication.platformName())  # display awake, no crash dialogs
        PixelShift(window)  # burn-in care, for a screen that shows the kiosk all day
    if language is None:
        keep_first_frame_current(window, router, now=not content_problems)
    return app.exec()


def keep_first_frame_current(window: KioskWindow, router: Router, *, now: bool) -> None:
    """Write down the attract loop's first frame for the next start: ``now`` (once the
    event loop runs, so that the first frame is not delayed by it), and again after
    every hot reload, the way content usually changes on a running kiosk; otherwise the
    next restart would find new files and start the slow way."""
    if now:
        QTimer.singleShot(0, window, lambda: remember_first_frame(window, router))
    router.pack_replaced.connect(lambda: remember_first_frame(window, router))


def remember_first_frame(window: KioskWindow, router: Router) -> None:
    """Write down the attract loop's first frame, for a quicker start next time."""
    settings, key = router.pack.settings, router.pack.source_key
    if key is None:  # not read from a content folder by load_for_showing
        return
    if router.language != settings.default_language:
        # A patient chose another language: its attract loop is not what a start shows.
        return
    frame = first_frame.frame_shown(
        window,
        router.attract,
        theme=settings.theme,
        language=router.language,
        touch_only=settings.touch_only,
        slide_ms=router.timing.slide_ms,
    )
    remember(frame, key)


_termination_wakeup: list[object] = []


def stop_on_termination(app: QApplication, on_stop: Callable[[], None]) -> None:
    """End the event loop cleanly on SIGTERM (systemd stopping the service, a shutdown).

    Python runs signal handlers only when it has control, and Qt's event loop may not
    hand it back for a long time: the signal also writes to a socket that a
    QSocketNotifier watches, which wakes the loop (the way qutebrowser does it).
    """
    if not hasattr(signal, "SIGTERM"):
        return
    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: _drain(reader))

    def terminated(_signum: int, _frame: object) -> None:
        log.info("stopped by the system (SIGTERM)")
        on_stop()
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the
        # kiosk window refuses (it only closes from the staff panel).
        app.exit(0)

    signal.signal(signal.SIGTERM, terminated)
    _termination_wakeup[:] = [reader, writer, notifier]  # the sockets must stay open


def _drain(reader: socket.socket) -> None:
    with contextlib.suppress(OSError):
        reader.recv(64)


def keep_systemd_informed(window: KioskWindow, app: QApplication) -> SystemdNotifier:
    """READY=1 once the first frame is up; WATCHDOG=1 from the GUI event loop, so that a
    kiosk whose event loop stops is restarted by systemd (see kiosk.watchdog)."""
    notifier = SystemdNotifier()
    if not notifier.enabled:
        return notifier
    QTimer.singleShot(0, window, lambda: notifier.notify("READY=1"))
    interval = notifier.watchdog_interval_ms()
    if interval:
        pings = QTimer(window)
        pings.setInterval(interval)
        pings.timeout.connect(lambda: notifier.notify("WATCHDOG=1"))
        pings.start()
    app.aboutToQuit.connect(lambda: notifier.notify("STOPPING=1"))
    return notifier
