"""The support screen: calm help, shown before the result when a safety answer is given."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import forward_button
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, set_box_direction, touch_scroll_area
from kiosk.views.widgets.text import text_column


@dataclass(frozen=True)
class SupportView:
    """The support text in the patient's language."""

    title: str
    paragraphs: list[str]
    bullets: list[str]
    image: Path
    continue_text: str


class SupportScreen(ScreenBase):
    """Crisis resources and the front desk; the patient can always go on.

    Signals:
        continue_requested: the patient wants to see their result.
    """

    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupportScreen")
        outer = QVBoxLayout(self)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.text_area = touch_scroll_area(QWidget())
        self.image = ImageView()
        self._body.addWidget(self.text_area, 3)
        self._body.addWidget(self.image, 1)
        outer.addLayout(self._body, 1)
        self.continue_button = forward_button("continue")
        self.continue_button.clicked.connect(self.continue_requested)
        self._spoken: list[str] = []
        outer.addWidget(
            self.continue_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        )

    def set_content(self, view: SupportView) -> None:
        """Show the support ``view``."""
        self._spoken = [view.title, *view.paragraphs, *view.bullets]
        self.image.set_image(view.image)
        self.continue_button.set_text(view.continue_text)
        first, *rest = view.paragraphs  # the front desk comes first, and larger
        self.text_area.setWidget(text_column(view.title, rest, view.bullets, lead=first))
        self.text_area.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        self._spoken = []
        self.text_area.setWidget(QWidget())

    def spoken_text(self) -> str:
        return "\n".join(self._spoken)

    def orientation_changed(self, portrait: bool) -> None:
        set_box_direction(self._body, portrait)
        self._body.removeWidget(self.image)
        self._body.insertWidget(0 if portrait else 1, self.image, 1)
