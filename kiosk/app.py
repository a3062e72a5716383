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

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.alert_watch import watch_alerts
from kiosk.alerts import StaffAlerter
from kiosk.audio import AudioMode
from kiosk.content_watch import ContentWatcher
from kiosk.fonts import load_fonts
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import ContentPack
from kiosk.logs import FaultHandler, configure_logging
from kiosk.machine_check import MachineCheck
from kiosk.model import MachineConfig
from kiosk.paths import resources_dir
from kiosk.platform_care import take_care
from kiosk.router import Router, Timing
from kiosk.screen_keeper import ScreenKeeper
from kiosk.speech import Reader
from kiosk.theme import THEMES
from kiosk.unattended import keep_unattended
from kiosk.validation import load_for_showing
from kiosk.views.burn_in import PixelShift
from kiosk.views.window import KioskWindow
from kiosk.watchdog import SystemdNotifier

log = logging.getLogger(__name__)

OPEN_SPEECH_AFTER_MS = 3000

#: The same style on every platform: Windows 11's own style draws scroll bars, focus and
#: pressed buttons differently from the gallery pictures and the tests (Linux uses Fusion).
STYLE = "Fusion"


def use_one_style() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.style().name().lower() != STYLE.lower():
        app.setStyle(STYLE)


def stylesheet_template() -> str:
    return (resources_dir() / "kiosk.qss").read_text(encoding="utf-8")


def build_ui(
    pack: ContentPack,
    timing: Timing | None = None,
    language: str | None = None,
    reader: Reader | None = None,
) -> tuple[KioskWindow, Router]:
    """Return the kiosk window for ``pack`` with its router, showing the attract loop."""
    use_one_style()
    load_fonts()
    timing = timing or Timing(slide_ms=round(pack.settings.attract.seconds_per_slide * 1000))
    window = KioskWindow(stylesheet_template(), THEMES[pack.settings.theme])
    window.setWindowTitle(f"{pack.settings.clinic_name} — {pack.settings.kiosk_name}")
    router = Router(window, pack, timing, language)
    AudioMode(
        router,
        reader or Reader(parent=router, languages=list(pack.languages)),
        pack.settings.speech,
    )
    router.show_attract()
    return window, router


def cover_screen(window: KioskWindow, screen: QScreen) -> None:
    """Make ``window`` cover ``screen`` entirely.

    With no window manager (a bare X server, a common kiosk set-up) ``showFullScreen()``
    alone leaves the window at its default size: nobody is there to honour the request.
    Setting the geometry to the screen's first makes it full size either way.
    """
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def run_kiosk(
    pack: ContentPack,
    windowed: bool = False,
    language: str | None = None,
    content_dir: Path | None = None,
    content_problems: list[str] | None = None,
    config: MachineConfig | None = None,
    config_problems: list[str] | None = None,
    config_file: Path | None = None,
) -> int:
    """Run the kiosk until staff exit it (or the window is closed, when windowed)."""
    log_file = configure_logging()
    log.info("kiosk %s starting on %s; log in %s", __version__, pack.root, log_file)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("KetaMD kiosk")
    config = config or MachineConfig()
    kiosk_name = config.kiosk_name or pack.settings.kiosk_name
    alerter = StaffAlerter(config.staff_alerts, kiosk_name)
    window, router = build_ui(pack, language=language)
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
    if windowed:
        # A tablet-sized preview, but never taller or wider than the editor's screen.
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width = min(1280, room.width()) if room else 1280
        height = min(800, room.height() - 40) if room else 800  # room for the title bar
        window.resize(width, height)
        window.show()
    else:
        lock_down(window, touch_only=pack.settings.touch_only)
        take_care(QGuiApplication.platformName())  # display awake, no crash dialogs
        PixelShift(window)  # burn-in care, for a screen that shows the kiosk all day
    return app.exec()


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


def lock_down(window: KioskWindow, touch_only: bool) -> ScreenKeeper:
    """Full screen, frameless, on top, covering the screen even when its size changes,
    and taking it back whenever something takes it away (see kiosk.screen_keeper)."""
    flags = (
        Qt.WindowType.Window
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )
    if QGuiApplication.platformName() == "xcb":
        # Out of the window manager's reach: its keys (show desktop, workspaces),
        # menus and tools cannot hide, move or close the kiosk.
        flags |= Qt.WindowType.X11BypassWindowManagerHint
    window.setWindowFlags(flags)
    if touch_only:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    screen = window.screen() or QGuiApplication.primaryScreen()
    cover_screen(window, screen)
    screen.geometryChanged.connect(lambda _rect: cover_screen(window, screen))
    return ScreenKeeper(window, may_leave=window.closing_allowed)
