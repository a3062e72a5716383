"""Layout helpers for screens that rearrange themselves in portrait."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QScroller, QWidget

from kiosk.theme import Sizes
from kiosk.views.widgets.images import ImageView


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

    def sizes_changed(self, sizes: Sizes) -> None:
        """The window's sizes changed (screen size, larger text). Pictures beside text
        give way to larger text; screens that measure their own text extend this."""
        for body in self.findChildren(TextAndImage):
            body.set_larger_text(sizes.text_scale > 1.0)


def set_box_direction(layout: QBoxLayout, portrait: bool) -> None:
    """Stack ``layout`` top-to-bottom in portrait and side by side in landscape."""
    direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
    if layout.direction() != direction:
        layout.setDirection(direction)


class TouchScrollArea(QScrollArea):
    """A scroll area for long text that a finger can fling (kinetic scrolling).

    When more text is below the fold, a soft fade and a down arrow say so: a thin
    scroll bar alone reads as a divider line, and patients would miss the rest.
    """

    def __init__(
        self, content: QWidget, parent: QWidget | None = None, gutter: bool = True
    ) -> None:
        super().__init__(parent)
        # Room for the scroll bar on the right of text that may scroll; a screen laid out
        # never to scroll does without, so its right edge sits on the screen margin.
        self._reserve_gutter = gutter
        self._gutter = 16 if gutter else 0
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.more_below = MoreBelowHint(self)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._update_hint)
        bar.rangeChanged.connect(self._update_hint)

    def set_hint_style(self, background: str, arrow: str, height: int) -> None:
        self.more_below.set_style(QColor(background), QColor(arrow), height)
        self._gutter = max(8, height // 3) if self._reserve_gutter else 0
        self._apply_gutter()
        self._update_hint()

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        super().setWidget(widget)
        self._apply_gutter()

    def _apply_gutter(self) -> None:
        # Keep text clear of the scroll bar.
        content = self.widget()
        layout = content.layout() if content is not None else None
        if layout is not None:
            margins = layout.contentsMargins()
            layout.setContentsMargins(margins.left(), margins.top(), self._gutter, margins.bottom())

    def scroll_to_top(self) -> None:
        """Show the text from its top. A glide still under way (the patient flicked the
        text and tapped on before it came to rest) is ended first: it would otherwise
        carry on into whatever this area shows next."""
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)

    def has_more_below(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() < bar.maximum()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._update_hint()

    def _update_hint(self) -> None:
        viewport = self.viewport().geometry()
        height = self.more_below.hint_height
        self.more_below.setGeometry(
            viewport.left(), viewport.bottom() - height + 1, viewport.width(), height
        )
        self.more_below.setVisible(self.has_more_below())
        self.more_below.raise_()


class MoreBelowHint(QWidget):
    """A fade to the background with a down arrow, laid over the bottom of a scroll area."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._background = QColor("#F6F4EE")
        self._arrow = QColor("#2F6B4F")
        self.hint_height = 64
        self.hide()

    def set_style(self, background: QColor, arrow: QColor, height: int) -> None:
        self._background, self._arrow, self.hint_height = background, arrow, height
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fade = QLinearGradient(0, 0, 0, self.height())
        clear = QColor(self._background)
        clear.setAlpha(0)
        fade.setColorAt(0.0, clear)
        fade.setColorAt(0.6, self._background)
        fade.setColorAt(1.0, self._background)
        painter.fillRect(self.rect(), fade)
        size = self.height() * 0.28
        centre_x, bottom = self.width() / 2, self.height() * 0.85
        pen = QPen(self._arrow, max(2.0, size / 3.5))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline(
            [
                QPointF(centre_x - size, bottom - size),
                QPointF(centre_x, bottom),
                QPointF(centre_x + size, bottom - size),
            ]
        )
        painter.end()


def touch_scroll_area(content: QWidget, gutter: bool = True) -> TouchScrollArea:
    """A :class:`TouchScrollArea` showing ``content``."""
    return TouchScrollArea(content, gutter=gutter)


class TextAndImage(QWidget):
    """Running text beside its illustration; in portrait the picture goes on top.

    ``image_stretch`` is the picture's share (landscape, portrait) against the text's 3.
    In landscape the picture gives way when the text would otherwise scroll (larger text,
    a long page): words a patient needs come before a picture.
    """

    def __init__(self, image_stretch: tuple[int, int] = (2, 1), parent: QWidget | None = None):
        super().__init__(parent)
        self._image_stretch = image_stretch
        self._larger_text = False
        self._portrait = False
        self._squeezed = False  # the picture has given way to text that would scroll
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self.text_area = touch_scroll_area(QWidget())
        self.image = ImageView()
        self._box.addWidget(self.text_area, 3)
        self._box.addWidget(self.image, image_stretch[0])
        # Judged once the layout has settled (a list may still be flowing into two
        # columns when the scroll range first changes).
        self._judge = QTimer(self)
        self._judge.setSingleShot(True)
        self._judge.setInterval(0)
        self._judge.timeout.connect(self._give_way_if_scrolling)
        self.text_area.verticalScrollBar().rangeChanged.connect(self._judge.start)

    def show_page(self, text: QWidget, image: Path | None) -> None:
        """Show ``text`` (the previous text widget is deleted) from the top, and ``image``."""
        if self._squeezed:
            self._squeezed = False  # each page starts with the picture at its full share
            self._apply_stretch()
        self.text_area.setWidget(text)
        self.text_area.scroll_to_top()
        self.image.set_image(image)

    def _give_way_if_scrolling(self) -> None:
        # One way only (per page), so that the layout cannot swing back and forth.
        scrolls = self.text_area.verticalScrollBar().maximum() > 0
        if scrolls and not self._squeezed and not self._portrait:
            self._squeezed = True
            self._apply_stretch()

    def clear(self) -> None:
        self.show_page(QWidget(), None)

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        set_box_direction(self._box, portrait)
        self._apply_stretch()

    def _apply_stretch(self) -> None:
        portrait = self._portrait
        self._box.removeWidget(self.image)
        stretch = self._image_stretch[1 if portrait else 0]
        if self._larger_text or self._squeezed:
            stretch = max(1, stretch - 1)  # the words need the room more than the picture
        self._box.insertWidget(0 if portrait else 1, self.image, stretch)

    def set_larger_text(self, larger: bool) -> None:
        if larger != self._larger_text:
            self._larger_text = larger
            self.set_portrait(self._portrait)
