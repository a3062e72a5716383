"""The screen outside opening hours: near black, very dim, nothing to read at a distance.

A faint clinic name so that nobody thinks the screen is broken; no pixel stays bright
all night (a static bright layout burns into many panels).
"""

from __future__ import annotations

from itertools import cycle

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.views.widgets.overlay import Overlay
from kiosk.views.widgets.text import label

NIGHT = "#050505"
NIGHT_TEXT = "#2A2A2A"
DRIFT_MS = 5 * 60_000
# Where the faint name stands in turn: (horizontal alignment, space above it out of 6).
# Nothing stays on the same pixels all night.
SPOTS = [
    (Qt.AlignmentFlag.AlignHCenter, 3),
    (Qt.AlignmentFlag.AlignLeft, 1),
    (Qt.AlignmentFlag.AlignRight, 5),
    (Qt.AlignmentFlag.AlignHCenter, 1),
    (Qt.AlignmentFlag.AlignLeft, 5),
    (Qt.AlignmentFlag.AlignRight, 2),
    (Qt.AlignmentFlag.AlignHCenter, 5),
    (Qt.AlignmentFlag.AlignLeft, 3),
    (Qt.AlignmentFlag.AlignRight, 4),
]


class NightOverlay(Overlay):
    """Covers everything outside opening hours.

    Signals:
        touched: someone touched the dark screen (wake on touch).
    """

    touched = Signal()

    def __init__(self, parent: QWidget, drift_ms: int = DRIFT_MS) -> None:
        super().__init__(parent, dim=255)
        self.setObjectName("NightOverlay")
        self.card.setProperty("role", "")  # no card: just a faint line of text
        self.clinic = label("", "title")
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clinic.setStyleSheet(f"color: {NIGHT_TEXT}; background: transparent;")
        self.card_layout.addWidget(self.clinic)
        self._spots = cycle(SPOTS)
        self._drift = QTimer(self)
        self._drift.setInterval(drift_ms)
        self._drift.timeout.connect(self.drift)

    def show_night(self, clinic: str) -> None:
        self.clinic.setText(clinic)
        self.open()
        self._drift.start()

    def drift(self) -> None:
        """Move the faint name to its next spot."""
        if not self.isVisible():
            self._drift.stop()  # the kiosk opened: nothing to move until the next night
            return
        alignment, above = next(self._spots)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.setStretch(0, above)
        outer.setStretch(2, 6 - above)
        outer.setAlignment(self.card, alignment)
        margin = self.width() // 12
        outer.setContentsMargins(margin, margin, margin, margin)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(NIGHT))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()
        self.touched.emit()
