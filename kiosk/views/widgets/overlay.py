"""Full-window overlays (the idle warning, the PIN pad, the staff panel, a toast)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QStyle, QStyleOption, QVBoxLayout, QWidget


class Overlay(QWidget):
    """Covers its parent window with a dimmed backdrop and a centred card.

    It follows the parent's size, and stays above every screen while shown. An
    ``opaque`` overlay hides the screen below entirely, in the theme's background colour:
    what the previous patient left on screen must not stay legible under it.
    """

    def __init__(
        self,
        parent: QWidget,
        dim: int = 170,
        fill: tuple[float, float] | None = None,
        opaque: bool = False,
    ) -> None:
        super().__init__(parent)
        self._dim = dim
        self._opaque = opaque
        if opaque:
            self.setProperty("role", "screen")  # the stylesheet gives it the background
        self._fill = fill  # the least share of the window's width and height the card takes
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card = QWidget(self)
        self.card.setProperty("role", "card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card_layout = QVBoxLayout(self.card)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        """Show above everything, covering the whole window."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            self._size_card()
        self.raise_()
        self.show()

    def _size_card(self) -> None:
        self.card.setMaximumWidth(max(320, int(self.width() * 0.8)))
        least_width, least_height = 0, 0
        if self._fill is not None:
            least_width = int(self.width() * self._fill[0])
            least_height = int(self.height() * self._fill[1])
            self.card.setMinimumWidth(least_width)
        # Centred, the card gets its size hint, which counts each wrapping text as one
        # line: larger text on a wide screen squeezed the countdown's seconds. Its height
        # is what its texts need at the width it will have, or the fill, whichever is more.
        layout = self.card.layout()
        if layout is not None and layout.hasHeightForWidth():
            width = min(max(self.card.sizeHint().width(), least_width), self.card.maximumWidth())
            least_height = max(least_height, layout.totalHeightForWidth(width))
        self.card.setMinimumHeight(min(least_height, self.height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
            self._size_card()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self._opaque:
            option = QStyleOption()
            option.initFrom(self)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        else:
            painter.fillRect(self.rect(), QColor(0, 0, 0, self._dim))
        painter.end()


class Toast(QWidget):
    """A short message at the bottom of the window that goes away by itself."""

    def __init__(self, parent: QWidget, duration_ms: int = 2500) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QTimer

        from kiosk.views.widgets.text import label

        self.setObjectName("Toast")
        self.setProperty("role", "start-pill")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        self.text = label("", "start-label")
        self.text.setWordWrap(False)
        layout.addWidget(self.text)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(duration_ms)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def set_duration_ms(self, duration_ms: int) -> None:
        """How long the next message stays (one shown now starts counting again)."""
        self._timer.setInterval(duration_ms)

    def show_message(self, text: str) -> None:
        self.text.setText(text)
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            # At the top: the attract loop's own "Touch to start" sits at the bottom.
            x = (parent.width() - self.width()) // 2
            self.move(x, max(16, parent.height() // 24))
        self.raise_()
        self.show()
        self._timer.start()
