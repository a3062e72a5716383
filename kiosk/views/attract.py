"""The attract loop: what the kiosk shows while nobody touches it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.fade import Crossfade
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, set_box_direction
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class Slide:
    """One slide of the loop."""

    title: str
    summary: str
    image: Path
    ms: int | None = None  # how long it stays (None: the loop's own time)


class AttractScreen(ScreenBase):
    """Cycles slides with a crossfade and invites a touch; any touch starts.

    Signals:
        start_requested: the patient touched the screen.
    """

    start_requested = Signal()

    def __init__(self, slide_ms: int, fade_ms: int = 900, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttractScreen")
        self._slides: list[Slide] = []
        self._index = 0
        self._slide_ms = slide_ms
        self._timer = QTimer(self)
        self._timer.setInterval(slide_ms)
        self._timer.timeout.connect(self.advance)
        self._build()
        self._fade = Crossfade(self._stage, duration_ms=fade_ms)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.clinic = label("", "kicker")
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stage = QWidget()
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self._stage)
        self.image = ImageView()
        text = QWidget()
        column = QVBoxLayout(text)
        self.title = label("", "title")
        self.summary = label("", "body")
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addStretch(1)
        self._body.addWidget(self.image, 5)
        self._body.addWidget(text, 4)
        pill = QWidget()
        pill.setProperty("role", "start-pill")
        pill.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        pill_row = QHBoxLayout(pill)
        self.start_label = label("", "start-label")
        self.start_label.setWordWrap(False)  # one short line; wrapping would clip it
        self.start_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pill_row.addWidget(self.start_label)
        outer.addWidget(self.clinic)
        outer.addWidget(self._stage, 1)
        outer.addWidget(pill, 0, Qt.AlignmentFlag.AlignHCenter)
        self._pill = pill

    def set_content(self, clinic: str, touch_to_start: str, slides: list[Slide]) -> None:
        """Show ``slides`` (at least one) under ``clinic``'s name."""
        self.clinic.setText(clinic)
        self.start_label.setText(touch_to_start)
        self.setAccessibleName(touch_to_start)
        self._slides = slides
        self._index = 0
        self._show_slide()

    @property
    def slides(self) -> list[Slide]:
        return list(self._slides)

    def current_index(self) -> int:
        return self._index

    def advance(self) -> None:
        """Crossfade to the next slide, wrapping round at the end."""
        if len(self._slides) < 2:
            return
        self._index = (self._index + 1) % len(self._slides)
        self._fade.run(self._show_slide)

    def _show_slide(self) -> None:
        if not self._slides:
            return
        slide = self._slides[self._index]
        self.title.setText(slide.title)
        self.summary.setText(slide.summary)
        self.image.set_image(slide.image)
        self._timer.setInterval(slide.ms or self._slide_ms)

    def slide_ms(self) -> int:
        """How long the slide shown stays."""
        return self._timer.interval()

    def start(self) -> None:
        """Begin cycling from the first slide (called when the loop is shown)."""
        self._fade.finish()
        self._index = 0
        self._show_slide()
        self._timer.start()

    def stop(self) -> None:
        """Stop cycling (called when the loop is left)."""
        self._timer.stop()
        self._fade.finish()

    def is_cycling(self) -> bool:
        return self._timer.isActive()

    def orientation_changed(self, portrait: bool) -> None:
        set_box_direction(self._body, portrait)
        self._body.setStretch(0, 3 if portrait else 5)
        self._body.setStretch(1, 2 if portrait else 4)
        self.title.setAlignment(
            Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignLeft
        )
        self.summary.setAlignment(
            Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignLeft
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        event.accept()  # so that the release comes here too

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        # Touches arrive here too: Qt turns an unhandled touch into mouse events.
        event.accept()
        self.start_requested.emit()
