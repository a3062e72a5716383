"""One self-check question per screen, with big answer buttons."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.layout import ScreenBase, touch_scroll_area
from kiosk.views.widgets.text import label

# A second tap this soon after a question appears is a bounce or a double tap, not an
# answer to a question the patient has not had time to read: it is ignored, so one tap
# can never answer two questions.
DEFAULT_TAP_GUARD_MS = 300


@dataclass(frozen=True)
class QuestionView:
    """Everything one question shows, in the patient's language."""

    progress: str
    stem: str
    text: str
    options: list[str]
    chosen: int | None
    back_text: str
    leave_text: str
    can_go_back: bool


class QuestionScreen(ScreenBase):
    """Shows one question; tapping an answer emits it at once.

    Signals:
        answered(int): the index of the answer tapped.
        back_requested: the patient wants to change the previous answer.
        leave_requested: the patient wants to stop the check (answers are erased).
    """

    answered = Signal(int)
    back_requested = Signal()
    leave_requested = Signal()

    def __init__(
        self, tap_guard_ms: int = DEFAULT_TAP_GUARD_MS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QuestionScreen")
        self._tap_guard_ms = tap_guard_ms
        self._shown_for = QElapsedTimer()
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.leave_button = KioskButton("", "secondary", icon="close")
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(self.leave_requested)
        self.progress = label("", "kicker")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.leave_button)
        bar.addWidget(self.progress, 1)
        outer.addLayout(bar)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.stem = label("", "stem")
        self.question = label("", "question")
        column.addWidget(self.stem)
        column.addWidget(self.question)
        self._answers_host = QWidget()
        self._answers = QVBoxLayout(self._answers_host)
        self._answers.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._answers_host)
        column.addStretch(1)
        # Larger text or a long item on a small screen: the answers scroll, never clip.
        self.body_area = touch_scroll_area(body)
        outer.addWidget(self.body_area, 1)
        bottom = QHBoxLayout()
        self.back_button = KioskButton("", "secondary", icon="arrow-left")
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        keep_place = self.back_button.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)
        self.back_button.setSizePolicy(keep_place)
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        outer.addLayout(bottom)
        self.answer_buttons: list[KioskButton] = []

    def show_question(self, view: QuestionView) -> None:
        """Show ``view``; a previous answer (after Back) is shown as chosen."""
        self.progress.setText(view.progress)
        self.stem.setText(view.stem)
        self.question.setText(view.text)
        self.leave_button.set_text(view.leave_text)
        self.back_button.set_text(view.back_text)
        self.back_button.setVisible(view.can_go_back)
        self._set_options(view.options, view.chosen)
        self.body_area.verticalScrollBar().setValue(0)
        self._shown_for.start()

    def spoken_text(self) -> str:
        options = [button.caption() for button in self.answer_buttons]
        return "\n".join((self.stem.text(), self.question.text(), *options))

    def clear(self) -> None:
        """Forget the question and every answer shown (privacy)."""
        for widget in (self.progress, self.stem, self.question):
            widget.clear()
        self._set_options([], None)

    def _set_options(self, options: list[str], chosen: int | None) -> None:
        while len(self.answer_buttons) > len(options):
            button = self.answer_buttons.pop()
            self._answers.removeWidget(button)
            button.hide()
            button.deleteLater()
        while len(self.answer_buttons) < len(options):
            index = len(self.answer_buttons)
            button = KioskButton("", "answer")
            button.setCheckable(True)
            button.setObjectName(f"answer-{index}")
            button.clicked.connect(lambda _=False, i=index: self._on_answer(i))
            self._answers.addWidget(button)
            self.answer_buttons.append(button)
        for index, (button, text) in enumerate(zip(self.answer_buttons, options, strict=True)):
            button.set_text(text)
            button.setChecked(index == chosen)

    def _on_answer(self, index: int) -> None:
        if self._shown_for.isValid() and self._shown_for.elapsed() < self._tap_guard_ms:
            self.answer_buttons[index].setChecked(False)
            return
        self.answered.emit(index)
