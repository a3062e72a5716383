"""The self-check result: the band in plain words, what it means, and the next step.

After a safety answer the result never reassures on its own: a safety note comes first,
above the band, with the crisis contacts and that a check is not a diagnosis, and Read
aloud reads it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton, TapGuard, action_bar
from kiosk.views.widgets.layout import ScreenBase, TextAndImage
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class SafetyNoteView:
    """The note shown above the band after a safety answer."""

    title: str
    paragraphs: list[str]
    next_step: str


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
    image: Path | None = None
    safety_note: SafetyNoteView | None = None


class ResultScreen(ScreenBase):
    """Shows a result until the patient taps Done (which erases it).

    Signals:
        done_requested: the patient is finished.
    """

    done_requested = Signal()

    def __init__(self, tap_guard_ms: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultScreen")
        self._guard = TapGuard(tap_guard_ms)
        outer = QVBoxLayout(self)
        # The picture takes a quarter of the width: the result, and after a safety answer
        # its note, must fit beside it without scrolling at 1080p.
        self._body = TextAndImage(image_stretch=(1, 1))
        self.text_area, self.image = self._body.text_area, self._body.image
        self.text_area.setWidget(self._text_column())
        outer.addWidget(self._body, 1)
        self.done_button = KioskButton("", "primary", icon="check")
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self._guard.relay(self.done_requested))
        outer.addLayout(action_bar(primary=self.done_button))

    def _text_column(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = label("", "kicker")
        self.note = QWidget()
        self.note.setObjectName("safety-note")
        self.note.setProperty("role", "note")
        self.note.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._note_column = QVBoxLayout(self.note)
        self.note_title = label("", "subtitle")
        self._note_column.addWidget(self.note_title)
        self._note_paragraphs: list[QLabel] = []
        self.note.hide()
        self.band = label("", "title")
        self.message = label("", "body")
        self.score_line = label("", "subtitle")
        self.next_step = label("", "body")
        self.credit = label("", "muted")
        for widget in (
            self.heading,
            self.note,
            self.band,
            self.message,
            self.score_line,
            self.next_step,
            self.credit,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        return page

    def _labels(self) -> list[QLabel]:
        return [
            self.heading,
            self.note_title,
            *self._note_paragraphs,
            self.band,
            self.message,
            self.score_line,
            self.next_step,
            self.credit,
        ]

    def show_result(self, view: ResultView) -> None:
        """Show ``view``, from the top."""
        self.heading.setText(f"{view.heading} · {view.instrument}")
        self._show_note(view.safety_note)
        self.band.setText(view.band)
        self.message.setText(view.message)
        self.score_line.setText(view.score_line)
        self.next_step.setText(view.next_step)
        self.credit.setText(view.credit or "")
        self.credit.setVisible(bool(view.credit))
        self.done_button.set_text(view.done_text)
        self.image.set_image(view.image)
        # After a safety answer the note needs the room more than the picture does.
        self.image.setVisible(view.safety_note is None and view.image is not None)
        self.text_area.scroll_to_top()
        self._guard.restart()

    def _show_note(self, note: SafetyNoteView | None) -> None:
        paragraphs = note.paragraphs if note is not None else []
        # Labels are kept and reused (hidden when not needed): a label waiting for
        # deleteLater() would still show, and still hold, the last patient's note.
        while len(self._note_paragraphs) < len(paragraphs):
            paragraph = label("", "body")
            self._note_column.addWidget(paragraph)
            self._note_paragraphs.append(paragraph)
        for index, paragraph in enumerate(self._note_paragraphs):
            paragraph.setText(paragraphs[index] if index < len(paragraphs) else "")
            paragraph.setVisible(index < len(paragraphs))
        self.note_title.setText(note.title if note is not None else "")
        self.note.setVisible(note is not None)

    def has_safety_note(self) -> bool:
        return not self.note.isHidden()

    def spoken_text(self) -> str:
        """The safety note first, then the result."""
        note = [self.note_title, *self._note_paragraphs]
        rest = [widget for widget in self._labels() if widget not in note]
        return "\n".join(label.text() for label in (*note, *rest) if label.text())

    def clear(self) -> None:
        """Forget the result (privacy): nothing of it stays in any widget."""
        self._show_note(None)
        for widget in self._labels():
            widget.clear()
        self.image.set_image(None)

    def orientation_changed(self, portrait: bool) -> None:
        self._body.set_portrait(portrait)
