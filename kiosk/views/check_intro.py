"""The start of a self-check: what it is, how long, that it is not a diagnosis, privacy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton, action_bar, forward_button
from kiosk.views.widgets.layout import ScreenBase, TextAndImage
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
        self._body = TextAndImage(image_stretch=(2, 1))
        self.text_area, self.image = self._body.text_area, self._body.image
        outer.addWidget(self._body, 1)
        self.start_button = forward_button("start")
        self.start_button.clicked.connect(self.start_requested)
        self._spoken: list[str] = []
        outer.addLayout(action_bar(primary=self.start_button))

    def set_content(self, view: CheckIntroView) -> None:
        """Show the intro ``view``."""
        self._spoken = [view.title, *view.paragraphs]
        self.home_button.set_text(view.home_text)
        self.start_button.set_text(view.start_text)
        text = text_column(view.title, view.paragraphs, footnote=view.credit)
        self._body.show_page(text, view.image)

    def clear(self) -> None:
        self._spoken = []
        self._body.clear()

    def spoken_text(self) -> str:
        return "\n".join(self._spoken)

    def orientation_changed(self, portrait: bool) -> None:
        self._body.set_portrait(portrait)
