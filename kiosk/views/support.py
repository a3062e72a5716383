"""The support screen: calm help, shown right after a safety answer, before anything else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton, action_bar, forward_button
from kiosk.views.widgets.layout import ScreenBase, TextAndImage
from kiosk.views.widgets.text import text_column


@dataclass(frozen=True)
class SupportView:
    """The support text in the patient's language."""

    title: str
    paragraphs: list[str]
    bullets: list[str]
    image: Path
    continue_text: str
    leave_text: str


class SupportScreen(ScreenBase):
    """Crisis resources and the front desk; the patient can always go on, or leave.

    Signals:
        continue_requested: the patient goes on (to the next question, or the result).
        leave_requested: the patient stops the check (answers are erased; staff were
            already told).
    """

    continue_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupportScreen")
        outer = QVBoxLayout(self)
        self._body = TextAndImage(image_stretch=(1, 1))
        self.text_area, self.image = self._body.text_area, self._body.image
        outer.addWidget(self._body, 1)
        self.leave_button = KioskButton("", "secondary", icon="close")
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(self.leave_requested)
        self.continue_button = forward_button("continue")
        self.continue_button.clicked.connect(self.continue_requested)
        outer.addLayout(action_bar(self.leave_button, self.continue_button))
        self._spoken: list[str] = []

    def set_content(self, view: SupportView) -> None:
        """Show the support ``view``."""
        self._spoken = [view.title, *view.paragraphs, *view.bullets]
        self.continue_button.set_text(view.continue_text)
        self.leave_button.set_text(view.leave_text)
        first, *rest = view.paragraphs  # the front desk comes first, and larger
        self._body.show_page(text_column(view.title, rest, view.bullets, lead=first), view.image)

    def clear(self) -> None:
        self._spoken = []
        self._body.clear()

    def spoken_text(self) -> str:
        return "\n".join(self._spoken)

    def orientation_changed(self, portrait: bool) -> None:
        self._body.set_portrait(portrait)
