"""Progress dots: where the patient is within a topic."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class ProgressDots(QWidget):
    """A row of dots, the current one filled and wider."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._current = 0
        self._on = QColor("#2F6B4F")
        self._off = QColor("#A8B8AD")
        self._dot = 16

    def set_colours(self, on: str, off: str, dot_px: int) -> None:
        self._on, self._off, self._dot = QColor(on), QColor(off), dot_px
        self.updateGeometry()
        self.update()

    def set_position(self, current: int, count: int, description: str) -> None:
        """Show dot ``current`` (0-based) of ``count``; ``description`` is read aloud."""
        self._current, self._count = current, count
        self.setAccessibleName(description)
        self.setToolTip(description)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(max(1, self._count) * self._dot * 2 + self._dot * 2, self._dot * 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self._count < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = self._dot
        total = self._count * self._dot + (self._count - 1) * gap + self._dot
        x = (self.width() - total) / 2
        y = (self.height() - self._dot) / 2
        for index in range(self._count):
            current = index == self._current
            width = self._dot * 2 if current else self._dot
            painter.setPen(self._on if current else self._off)
            painter.setBrush(self._on if current else self._off)
            painter.drawRoundedRect(QRectF(x, y, width, self._dot), self._dot / 2, self._dot / 2)
            x += width + gap
        painter.end()
