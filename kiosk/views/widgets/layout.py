"""Layout helpers for screens that rearrange themselves in portrait."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QScroller, QWidget


class ScreenBase(QWidget):
    """Base of every screen: styled as a screen; knows whether it is in portrait."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)

    def is_portrait(self) -> bool:
        return self.height() > self.width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.orientation_changed(self.is_portrait())

    def orientation_changed(self, portrait: bool) -> None:
        """Rearrange for portrait or landscape; screens override this."""


def set_box_direction(layout: QBoxLayout, portrait: bool) -> None:
    """Stack ``layout`` top-to-bottom in portrait and side by side in landscape."""
    direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
    if layout.direction() != direction:
        layout.setDirection(direction)


def touch_scroll_area(content: QWidget) -> QScrollArea:
    """A scroll area for long text that a finger can fling (kinetic scrolling)."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area
