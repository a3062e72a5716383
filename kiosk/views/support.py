"""The support screen: calm help, shown right after a safety answer, before anything else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import (
    KioskButton,
    TapGuard,
    action_bar,
    forward_button,
    talk_button,
    talk_row,
)
from kiosk.views.widgets.layout import ScreenBase, TextAndImage
from kiosk.views.widgets.text import label, text_column


@dataclass(frozen=True)
class SupportView:
    """The support text in the patient's language."""

    title: str
    paragraphs: list[str]
    bullets: list[str]
    image: Path
    continue_text: str
    leave_text: str
    talk_text: str | None = None


class SupportScreen(ScreenBase):
    """Crisis resources and the front desk; the patient can always go on, or leave.

    Signals:
        continue_requested: the patient goes on (to the next question, or the result).
        leave_requested: the patient stops the check (answers are erased; staff were
            already told).
        talk_requested: the patient tapped "Talk to someone now".
    """

    continue_requested = Signal()
    leave_requested = Signal()
    talk_requested = Signal()

    def __init__(self, tap_guard_ms: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupportScreen")
        self._guard = TapGuard(tap_guard_ms)
        outer = QVBoxLayout(self)
        self._body = TextAndImage(image_stretch=(1, 1))
        self.text_area, self.image = self._body.text_area, self._body.image
        outer.addWidget(self._body, 1)
        self.leave_button = KioskButton("", "secondary", icon="close")
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(self._guard.relay(self.leave_requested))
        self.continue_button = forward_button("continue")
        self.continue_button.clicked.connect(self._guard.relay(self.continue_requested))
        outer.addLayout(action_bar(self.leave_button, self.continue_button))
        self._spoken: list[str] = []
        self.staff_status: QLabel | None = None
        self.talk_button: KioskButton | None = None

    def set_content(self, view: SupportView) -> None:
        """Show the support ``view``."""
        self._spoken = [view.title, *view.paragraphs, *view.bullets]
        self.continue_button.set_text(view.continue_text)
        self.leave_button.set_text(view.leave_text)
        first, *rest = view.paragraphs  # the front desk comes first, and larger
        page = text_column(view.title, rest, view.bullets, lead=first)
        column = page.layout()
        assert isinstance(column, QVBoxLayout)
        # Right under the front-desk line: what became of the staff alert, and the button
        # that asks for someone.
        self.staff_status = label("", "status")
        self.staff_status.setObjectName("staff-status")
        self.staff_status.hide()
        self.talk_button = None
        if view.talk_text:
            self.talk_button = talk_button(view.talk_text)
            self.talk_button.clicked.connect(self._guard.relay(self.talk_requested))
        column.insertWidget(2, talk_row(self.talk_button, self.staff_status))
        self._body.show_page(page, view.image)
        self._guard.restart()

    def set_staff_status(self, text: str | None, talk_enabled: bool) -> None:
        """Show what became of the staff alert (None: nothing to say)."""
        if self.staff_status is not None:
            self.staff_status.setText(text or "")
            self.staff_status.setVisible(bool(text))
        if self.talk_button is not None:
            self.talk_button.setEnabled(talk_enabled)

    def clear(self) -> None:
        self._spoken = []
        self.staff_status = self.talk_button = None
        self._body.clear()

    def spoken_text(self) -> str:
        status = self.staff_status.text() if self.staff_status is not None else ""
        return "\n".join(t for t in (*self._spoken[:2], status, *self._spoken[2:]) if t)

    def orientation_changed(self, portrait: bool) -> None:
        self._body.set_portrait(portrait)
