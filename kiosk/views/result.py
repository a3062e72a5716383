"""The self-check result: the band in plain words, what it means, and the next step."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.layout import ScreenBase, touch_scroll_area
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class ResultView:
    """What the result screen shows, in the patient's language."""

    heading: str
    instrument: str
    band: str
    message: str
    score_line: str
    next_step: str
    credit: str | None
    done_text: str


class ResultScreen(ScreenBase):
    """Shows a result until the patient taps Done (which erases it).

    Signals:
        done_requested: the patient is finished.
    """

    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultScreen")
        outer = QVBoxLayout(self)
        card = QWidget()
        card.setProperty("role", "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        column = QVBoxLayout(card)
        self.heading = label("", "kicker")
        self.band = label("", "title")
        self.message = label("", "body")
        self.score_line = label("", "subtitle")
        self.next_step = label("", "body")
        self.credit = label("", "muted")
        for widget in (self.heading, self.band, self.message, self.score_line, self.next_step):
            column.addWidget(widget)
        page = QWidget()
        page_column = QVBoxLayout(page)
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addWidget(card)
        page_column.addWidget(self.credit)
        page_column.addStretch(1)
        outer.addWidget(touch_scroll_area(page), 1)
        self.done_button = KioskButton("", "primary", icon="check")
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.done_requested)
        outer.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def _labels(self) -> list[QLabel]:
        return [self.heading, self.band, self.message, self.score_line, self.next_step, self.credit]

    def show_result(self, view: ResultView) -> None:
        """Show ``view``."""
        self.heading.setText(f"{view.heading} · {view.instrument}")
        self.band.setText(view.band)
        self.message.setText(view.message)
        self.score_line.setText(view.score_line)
        self.next_step.setText(view.next_step)
        self.credit.setText(view.credit or "")
        self.credit.setVisible(bool(view.credit))
        self.done_button.set_text(view.done_text)

    def spoken_text(self) -> str:
        return "\n".join(label.text() for label in self._labels() if label.text())

    def clear(self) -> None:
        """Forget the result (privacy): nothing of it stays in any widget."""
        for widget in self._labels():
            widget.clear()
