"""Crossfades that never block input.

A snapshot of the old content is laid over the new content and faded out. The snapshot
ignores the mouse and touch, so a tap during a transition reaches the new screen: it is
never lost, and never delivered twice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QPropertyAnimation
from PySide6.QtCore import Qt as QtNs
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

DEFAULT_FADE_MS = 250


class Crossfade(QObject):
    """Fades ``host``'s old look into its new one whenever :meth:`run` changes it."""

    def __init__(self, host: QWidget, duration_ms: int = DEFAULT_FADE_MS) -> None:
        super().__init__(host)
        self._host = host
        self._overlay = QLabel(host)
        self._overlay.setAttribute(QtNs.WidgetAttribute.WA_TransparentForMouseEvents)
        self._overlay.hide()
        self._effect = QGraphicsOpacityEffect(self._overlay)
        self._overlay.setGraphicsEffect(self._effect)
        self._animation = QPropertyAnimation(self._effect, b"opacity", self)
        self._animation.setStartValue(1.0)
        self._animation.setEndValue(0.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._animation.finished.connect(self._overlay.hide)
        self.set_duration(duration_ms)

    def set_duration(self, duration_ms: int) -> None:
        """Set the fade length; 0 switches instantly (tests, reduced motion)."""
        self._duration = max(0, duration_ms)
        self._animation.setDuration(max(1, self._duration))

    def is_running(self) -> bool:
        return self._animation.state() == QPropertyAnimation.State.Running

    def run(self, change: Callable[[], None]) -> None:
        """Apply ``change`` to the host and fade from how it looked before."""
        if self._duration == 0 or not self._host.isVisible():
            change()
            return
        self._overlay.hide()
        snapshot = self._host.grab()
        change()
        self._overlay.setPixmap(snapshot)
        self._overlay.setGeometry(self._host.rect())
        self._overlay.raise_()
        self._overlay.show()
        self._animation.stop()
        self._animation.start()

    def finish(self) -> None:
        """Jump to the end of a running fade."""
        self._animation.stop()
        self._overlay.hide()
