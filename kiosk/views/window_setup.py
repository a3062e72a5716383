"""Putting the kiosk's window on screen: one style, the stylesheet, full screen and
locked down. Light on purpose (no content model, no screens): the first frame at start-up
uses it before anything else is imported (see kiosk.first_frame)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk.paths import resources_dir
from kiosk.screen_keeper import ScreenKeeper
from kiosk.views.window import KioskWindow

#: The same style on every platform: Windows 11's own style draws scroll bars, focus and
#: pressed buttons differently from the gallery pictures and the tests (Linux uses Fusion).
STYLE = "Fusion"


def use_one_style() -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.style().name().lower() != STYLE.lower():
        app.setStyle(STYLE)


def stylesheet_template() -> str:
    return (resources_dir() / "kiosk.qss").read_text(encoding="utf-8")


def cover_screen(window: KioskWindow, screen: QScreen) -> None:
    """Make ``window`` cover ``screen`` entirely.

    With no window manager (a bare X server, a common kiosk set-up) ``showFullScreen()``
    alone leaves the window at its default size: nobody is there to honour the request.
    Setting the geometry to the screen's first makes it full size either way.
    """
    window.setGeometry(screen.geometry())
    window.showFullScreen()


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


def show_windowed(window: KioskWindow) -> None:
    """A tablet-sized preview, but never taller or wider than the editor's screen."""
    screen = QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    width = min(1280, room.width()) if room else 1280
    height = min(800, room.height() - 40) if room else 800  # room for the title bar
    window.resize(width, height)
    window.show()


def show_window(window: KioskWindow, windowed: bool, touch_only: bool) -> None:
    """On screen: a preview window, or the whole screen, locked down."""
    if windowed:
        show_windowed(window)
    else:
        lock_down(window, touch_only=touch_only)
