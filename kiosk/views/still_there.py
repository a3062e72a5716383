"""'Are you still there?': a large, calm warning with a visible countdown.

One tap anywhere keeps the session (WCAG 2.2.1 asks that a time limit can be extended
by a simple action); when the countdown runs out, the session ends.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.overlay import Overlay
from kiosk.views.widgets.text import label


class StillThereOverlay(Overlay):
    """The idle warning.

    Signals:
        kept: the patient tapped: the session goes on.
        expired: nobody tapped before the countdown ended.
    """

    kept = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget, countdown_ms: int, tick_ms: int = 1000) -> None:
        # Opaque: the question or result of a patient who walked away must not stay
        # legible behind the countdown.
        super().__init__(parent, fill=(0.6, 0.5), opaque=True)
        self.setObjectName("StillThereOverlay")
        self._countdown_ms = countdown_ms
        self._tick_ms = tick_ms
        self._left_ms = countdown_ms
        self._body_template = "{seconds}"
        self.title = label("", "title")
        self.count = label("", "countdown")
        self.count.setObjectName("countdown")
        self.body = label("", "body")
        self.button = KioskButton("", "primary")
        self.button.setObjectName("still-here")
        self.button.clicked.connect(self.keep)
        self.card_layout.addStretch(1)
        for widget in (self.title, self.count, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.card_layout.addWidget(widget)
        self.card_layout.addStretch(1)
        self.card_layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._ticker = QTimer(self)
        self._ticker.setInterval(min(tick_ms, countdown_ms))
        self._ticker.timeout.connect(self._tick)

    def set_countdown_ms(self, countdown_ms: int, tick_ms: int | None = None) -> None:
        """How long the next warning counts down (the pack's timeouts changed), and how
        often its seconds are shown again when ``tick_ms`` is given. A warning already
        counting down goes on as it started."""
        self._countdown_ms = countdown_ms
        if tick_ms is not None:
            self._tick_ms = tick_ms

    def set_texts(self, title: str, body_template: str, button: str) -> None:
        self.title.setText(title)
        self._body_template = body_template
        self.button.set_text(button)
        self._show_seconds()

    def start(self) -> None:
        """Show the warning and start counting down."""
        self._left_ms = self._countdown_ms
        self._show_seconds()
        self.open()
        self._ticker.start(min(self._tick_ms, self._countdown_ms))

    def is_counting(self) -> bool:
        return self.isVisible() and self._ticker.isActive()

    def keep(self) -> None:
        """The patient is there: close the warning."""
        if self.isVisible():
            self._ticker.stop()
            self.hide()
            self.kept.emit()

    def cancel(self) -> None:
        """Close without a decision (e.g. the session was reset by other means)."""
        self._ticker.stop()
        self.hide()

    def spoken_text(self) -> str:
        """The warning as it is read aloud: the question, the countdown, the button."""
        return "\n".join((self.title.text(), self.body.text(), self.button.caption()))

    def seconds_left(self) -> int:
        return max(0, -(-self._left_ms // 1000))

    def _tick(self) -> None:
        self._left_ms -= self._ticker.interval()
        if self._left_ms <= 0:
            self._ticker.stop()
            self.hide()
            self.expired.emit()
        else:
            self._show_seconds()

    def _show_seconds(self) -> None:
        seconds = self.seconds_left()
        self.count.setText(str(seconds))
        self.count.setAccessibleName(self._body_template.format(seconds=seconds))
        self.body.setText(self._body_template.format(seconds=seconds))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()  # a touch anywhere on the warning counts

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()
        self.keep()
