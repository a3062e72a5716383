"""One self-check question per screen, with big answer buttons, all visible at once.

In landscape the question sits on the left and the answers on the right; in portrait the
answers are under the question. :mod:`kiosk.views.question_layout` picks the arrangement
and type size in which the question and *every* answer fit without scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.speech_text import numbered_answers
from kiosk.theme import Sizes
from kiosk.views.question_layout import Metrics, Plan, plan
from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.layout import ScreenBase, touch_scroll_area
from kiosk.views.widgets.text import label

# A second tap this soon after a question appears is a bounce or a double tap, not an
# answer to a question the patient has not had time to read: it is ignored, so one tap
# can never answer two questions.
DEFAULT_TAP_GUARD_MS = 300
_WIDGET_MAX = 16_777_215  # Qt's QWIDGETSIZE_MAX


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
    chosen_text: str = "✓"  # what a screen reader says of the answer given before
    answer_wording: str | None = None  # how Read aloud numbers the answers


class AnswerButton(QPushButton):
    """One answer: a large target whose text wraps; the answer given before is filled.

    Deliberately not checkable: a checkable button is exposed to screen readers and
    switch access as a check box whose first action, "Toggle", would not answer. A plain
    button's default action is "Press", which answers.
    """

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"answer-{index}")
        self.setProperty("kind", "answer")
        self.setProperty("chosen", False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text_label = label("", "answer")
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
        row = QHBoxLayout(self)
        row.addWidget(self.text_label)

    def set_text(self, text: str) -> None:
        self.text_label.setText(text)
        self.setAccessibleName(text)

    def caption(self) -> str:
        return self.text_label.text()

    def set_chosen(self, chosen: bool, description: str = "✓") -> None:
        """Show this answer as the one given before (after Back); screen readers, which
        cannot see the fill, hear ``description``."""
        self.setAccessibleDescription(description if chosen else "")
        if self.property("chosen") == chosen:
            return
        self.setProperty("chosen", chosen)
        for widget in (self, self.text_label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def is_chosen(self) -> bool:
        return bool(self.property("chosen"))

    def set_padding(self, horizontal: int, vertical: int) -> None:
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(horizontal, vertical, horizontal, vertical)


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
        self._sizes: Sizes | None = None
        self._font_px: dict[QLabel, int] = {}
        self.plan: Plan | None = None
        self._wording: str | None = None
        self.answer_buttons: list[AnswerButton] = []
        outer = QVBoxLayout(self)
        outer.addLayout(self._top_bar())
        self._body = QWidget()
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self._body)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._question_column = QWidget()
        column = QVBoxLayout(self._question_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.stem = label("", "stem")
        self.question = label("", "question")
        column.addWidget(self.stem)
        column.addWidget(self.question)
        column.addStretch(1)
        self._answers_host = QWidget()
        self._answers = QGridLayout(self._answers_host)
        self._answers.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(self._question_column, 0, Qt.AlignmentFlag.AlignTop)
        self._box.addWidget(self._answers_host, 0, Qt.AlignmentFlag.AlignTop)
        self._box.addStretch(1)
        # Only when nothing fits (a very long item on a very small screen) does this
        # scroll; `kiosk validate` warns the editor about that case.
        self.body_area = touch_scroll_area(self._body, gutter=False)
        self.body_area.viewport().installEventFilter(self)
        outer.addWidget(self.body_area, 1)
        outer.addLayout(self._bottom_bar())

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.leave_button = KioskButton("", "secondary", icon="close")
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(self.leave_requested)
        self.progress = label("", "kicker")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.leave_button)
        bar.addWidget(self.progress, 1)
        return bar

    def _bottom_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.back_button = KioskButton("", "secondary", icon="arrow-left")
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        keep_place = self.back_button.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)
        self.back_button.setSizePolicy(keep_place)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        return bar

    # --- what is shown ------------------------------------------------------------------

    def show_question(self, view: QuestionView) -> None:
        """Show ``view``; a previous answer (after Back) is shown as chosen."""
        self.progress.setText(view.progress)
        self.progress.setVisible(bool(view.progress))
        self._wording = view.answer_wording
        self.stem.setText(view.stem)
        self.stem.setVisible(bool(view.stem))
        self.question.setText(view.text)
        self.leave_button.set_text(view.leave_text)
        self.back_button.set_text(view.back_text)
        self.back_button.setVisible(view.can_go_back)
        self._set_options(view.options, view.chosen, view.chosen_text)
        self.fit()
        self.body_area.scroll_to_top()
        self._shown_for.start()

    def spoken_text(self) -> str:
        """Where the patient is, the question, then each answer by number."""
        answers = numbered_answers([b.caption() for b in self.answer_buttons], self._wording)
        parts = (self.progress.text(), self.stem.text(), self.question.text(), *answers)
        return "\n".join(t for t in parts if t)

    def clear(self) -> None:
        """Forget the question and every answer shown (privacy)."""
        for widget in (self.progress, self.stem, self.question):
            widget.clear()
        self._set_options([], None)

    def _set_options(self, options: list[str], chosen: int | None, chosen_text: str = "✓") -> None:
        while len(self.answer_buttons) > len(options):
            button = self.answer_buttons.pop()
            self._answers.removeWidget(button)
            button.hide()
            button.deleteLater()
        while len(self.answer_buttons) < len(options):
            index = len(self.answer_buttons)
            button = AnswerButton(index)
            button.clicked.connect(lambda _=False, i=index: self._on_answer(i))
            self.answer_buttons.append(button)
            if self._sizes is not None:
                self._pad(button, self._sizes)
        for index, (button, text) in enumerate(zip(self.answer_buttons, options, strict=True)):
            button.set_text(text)
            button.set_chosen(index == chosen, chosen_text)

    def _on_answer(self, index: int) -> None:
        if self._shown_for.isValid() and self._shown_for.elapsed() < self._tap_guard_ms:
            return
        self.answered.emit(index)

    # --- fitting every answer on the screen ----------------------------------------------

    def sizes_changed(self, sizes: Sizes) -> None:
        """The screen or the text size changed: measure again."""
        self._sizes = sizes
        self._answers.setSpacing(self._gap(sizes))
        for button in self.answer_buttons:
            self._pad(button, sizes)
        self.fit()

    def orientation_changed(self, portrait: bool) -> None:
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.body_area.viewport() and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fits(self) -> bool:
        """Whether the question and every answer show without scrolling."""
        return self.plan is not None and self.plan.fits

    def fit(self) -> None:
        """Choose the arrangement and type size in which everything is visible."""
        sizes = self._sizes
        if sizes is None or not self.answer_buttons:
            return
        viewport = self.body_area.viewport()
        margins = self._box.contentsMargins()
        width = viewport.width() - margins.left() - margins.right()
        height = viewport.height() - margins.top() - margins.bottom()
        if width <= 0 or height <= 0:
            return
        for widget in (self.stem, self.question, self.answer_buttons[0].text_label):
            widget.ensurePolished()
        chosen = plan(
            self.stem.text() if self.stem.isVisibleTo(self) else "",
            self.question.text(),
            [button.caption() for button in self.answer_buttons],
            width,
            height,
            self._metrics(sizes),
            self._measure,
            portrait=self.is_portrait(),
        )
        self._apply(chosen)

    def _metrics(self, sizes: Sizes) -> Metrics:
        pad_x, pad_y = self._padding(sizes)
        return Metrics(
            question_px=sizes.question,
            question_floor_px=sizes.body,
            stem_px=sizes.body,
            stem_floor_px=sizes.small,
            answer_px=sizes.button,
            answer_min_height=sizes.button_height,
            answer_pad_x=pad_x,
            answer_pad_y=pad_y,
            answer_gap=self._gap(sizes),
            column_gutter=sizes.px(56),
            row_gutter=sizes.px(28),
            question_extra=_vertical_margins(self.question),
            stem_extra=_vertical_margins(self.stem),
        )

    def _measure(self, text: str, pixels: int, bold: bool, width: int) -> int:
        font = QFont(self.question.font())
        font.setPixelSize(pixels)
        font.setBold(bold)
        # As QLabel measures wrapped plain text (QLabelPrivate::sizeForWidth).
        box = QRect(0, 0, max(1, width), 2000)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        return QFontMetrics(font).boundingRect(box, flags, text).height()

    def _apply(self, chosen: Plan) -> None:
        self.plan = chosen
        self._set_font_px(self.question, chosen.question_px)
        self._set_font_px(self.stem, chosen.stem_px)
        # The heights were measured with these fonts at these widths: give them to the
        # labels outright, so that the layout needs no height-for-width round trips and
        # the first frame of a question is already its final one.
        self.question.setFixedHeight(chosen.question_height)
        self.stem.setFixedHeight(chosen.stem_height)
        arrangement = chosen.arrangement
        sizes = self._sizes
        assert sizes is not None
        if arrangement.side_by_side:
            self._box.setDirection(QBoxLayout.Direction.LeftToRight)
            self._box.setSpacing(sizes.px(56))
            self._question_column.setFixedWidth(chosen.question_width)
        else:
            self._box.setDirection(QBoxLayout.Direction.TopToBottom)
            self._box.setSpacing(sizes.px(28))
            self._question_column.setMinimumWidth(0)
            self._question_column.setMaximumWidth(_WIDGET_MAX)
        self._place_answers(chosen)
        for layout in (self._question_column.layout(), self._answers, self._box):
            if layout is not None:
                layout.activate()

    def _place_answers(self, chosen: Plan) -> None:
        columns = chosen.arrangement.columns
        for button in self.answer_buttons:
            self._answers.removeWidget(button)
        for index, button in enumerate(self.answer_buttons):
            row, column = divmod(index, columns)
            self._answers.addWidget(button, row, column)
            button.setFixedHeight(chosen.row_heights[row])
            button.show()
        for column in range(2):
            self._answers.setColumnStretch(column, 1 if column < columns else 0)
        answers_width = chosen.answer_width * columns + self._answers.spacing() * (columns - 1)
        if chosen.arrangement.side_by_side:
            self._answers_host.setFixedWidth(answers_width)
        else:
            self._answers_host.setMinimumWidth(0)
            self._answers_host.setMaximumWidth(_WIDGET_MAX)

    def _set_font_px(self, widget: QLabel, pixels: int) -> None:
        # A widget's own style sheet wins over the window's for that widget, so this
        # overrides only the size; the role's weight, colour and margins stay.
        if self._font_px.get(widget) != pixels:
            self._font_px[widget] = pixels
            widget.setStyleSheet(f"font-size: {pixels}px;")

    @staticmethod
    def _gap(sizes: Sizes) -> int:
        return sizes.px(16)

    @staticmethod
    def _padding(sizes: Sizes) -> tuple[int, int]:
        border = sizes.px(3)
        return sizes.px(32) + border, sizes.px(12) + border

    def _pad(self, button: AnswerButton, sizes: Sizes) -> None:
        button.set_padding(*self._padding(sizes))


def _vertical_margins(widget: QLabel) -> int:
    margins = widget.contentsMargins()
    return margins.top() + margins.bottom() + 2 * widget.margin()
