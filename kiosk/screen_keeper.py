"""The kiosk keeps the screen: whatever hides, shrinks or moves its window, it comes back.

On a desktop with a window manager, a curious patient can press Super+D (show the
desktop), switch workspaces, or a tool can minimize or un-full-screen the window. The
kiosk takes the whole screen back within a second:

* on X11 the full-screen kiosk bypasses the window manager (an override-redirect
  window): no key binding, workspace or tool of the window manager can move, hide or
  close it, and clicks never reach the desktop below;
* everywhere, :class:`ScreenKeeper` watches the window (hidden, minimized, no longer full
  screen, moved, resized, deactivated) and checks it once a second, and puts it back:
  full screen, on top, active.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

WATCHED = {
    QEvent.Type.Hide,
    QEvent.Type.WindowStateChange,
    QEvent.Type.Move,
    QEvent.Type.Resize,
    QEvent.Type.WindowDeactivate,
}


class ScreenKeeper(QObject):
    """Puts ``window`` back over the whole screen whenever something takes it away.

    ``may_leave`` says when the window may go (staff Exit): then the keeper lets it.
    """

    def __init__(
        self,
        window: QWidget,
        may_leave: Callable[[], bool],
        check_ms: int = 1000,
        settle_ms: int = 150,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._may_leave = may_leave
        self.restorations = 0
        # A burst of events (a state change moves and resizes too) is one restoration.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._restore_if_needed)
        self._patrol = QTimer(self)
        self._patrol.setInterval(check_ms)
        self._patrol.timeout.connect(self._restore_if_needed)
        self._patrol.start()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() in WATCHED:
            self._settle.start()
        return False

    def screen_rect(self) -> QRect:
        screen = self._window.screen() or QGuiApplication.primaryScreen()
        return screen.geometry() if screen is not None else self._window.geometry()

    def covers_the_screen(self) -> bool:
        window = self._window
        state = window.windowState()
        return (
            window.isVisible()
            and not state & Qt.WindowState.WindowMinimized
            and bool(state & Qt.WindowState.WindowFullScreen)
            and window.geometry() == self.screen_rect()
        )

    def _restore_if_needed(self) -> None:
        if self._may_leave():
            return
        if not self.covers_the_screen():
            self.restore()
        else:
            self._window.raise_()  # something may have opened above it

    def restore(self) -> None:
        """Full screen, on top, active: as at start."""
        window = self._window
        self.restorations += 1
        window.setWindowState(Qt.WindowState.WindowFullScreen)
        window.setGeometry(self.screen_rect())
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
