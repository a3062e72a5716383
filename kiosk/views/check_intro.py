"""The start of a self-check: what it is, how long, that it is not a diagnosis, privacy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton, forward_button
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, set_box_direction, touch_scroll_area
from kiosk.views.widgets.text import text_column


@dataclass(frozen=True)
class CheckIntroView:
    """What the intro shows, in the patient's language."""

    title: str
    paragraphs: list[str]
    credit: str | None
    image: Path
    start_text: str
    home_text: str


class CheckIntroScreen(ScreenBase):
    """Explains a self-check before it starts.

    Signals:
        start_requested: the patient tapped Start.
        home_requested: the patient tapped Home.
    """

    start_requested = Signal()
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CheckIntroScreen")
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.home_button = KioskButton("", "secondary", icon="home")
        self.home_button.setObjectName("home")
        self.home_button.clicked.connect(self.home_requested)
        bar.addWidget(self.home_button)
        bar.addStretch(1)
        outer.addLayout(bar)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.text_area = touch_scroll_area(QWidget())
        self.image = ImageView()
        self._body.addWidget(self.text_area, 3)
        self._body.addWidget(self.image, 2)
        outer.addLayout(self._body, 1)
        self.start_button = forward_button("start")
        self.start_button.clicked.connect(self.start_requested)
        self._spoken: list[str] = []
        outer.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_content(self, view: CheckIntroView) -> None:
        """Show the intro ``view``."""
        self._spoken = [view.title, *view.paragraphs]
        self.home_button.set_text(view.home_text)
        self.start_button.set_text(view.start_text)
        self.image.set_image(view.image)
        self.text_area.setWidget(text_column(view.title, view.paragraphs, footnote=view.credit))

    def clear(self) -> None:
        self._spoken = []
        self.text_area.setWidget(QWidget())

    def spoken_text(self) -> str:
        return "\n".join(self._spoken)

    def orientation_changed(self, portrait: bool) -> None:
        set_box_direction(self._body, portrait)
        self._body.removeWidget(self.image)
        self._body.insertWidget(0 if portrait else 1, self.image, 1 if portrait else 2)
