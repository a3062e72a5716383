"""The language chooser: with three languages or more, one large button for each.

A patient who cannot read the language on screen must still find their own, so each
button names its language in that language and script ("Tiếng Việt", "العربية"), and
reads in its own direction. Two languages need no chooser: the language button switches
between them at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.language_direction import is_right_to_left
from kiosk.views.widgets.buttons import KioskButton, centred_row
from kiosk.views.widgets.overlay import Overlay


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str  # in its own language: the pack's language_name


class LanguageChooser(Overlay):
    """A card of language buttons over the screen the patient is on.

    Signals:
        chosen(code): a language was tapped (the one already shown, too).
        closed: the chooser was closed without a choice.
    """

    chosen = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("LanguageChooser")
        self.buttons: dict[str, KioskButton] = {}
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self.card_layout.addWidget(self._grid_host)
        self.close_button = KioskButton("", "secondary", icon="close")
        self.close_button.setObjectName("language-close")
        self.close_button.clicked.connect(self.close_chooser)
        self.card_layout.addLayout(centred_row(self.close_button))

    def open_with(self, choices: list[LanguageChoice], current: str, close_text: str) -> None:
        """Show a button for each of ``choices``, ``current`` marked as the one shown."""
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = {}
        columns = 2 if len(choices) > 4 else 1
        for index, choice in enumerate(choices):
            button = self._button(choice, choice.code == current)
            self._grid.addWidget(button, index // columns, index % columns)
            self.buttons[choice.code] = button
        self.close_button.set_text(close_text)
        self.open()

    def _button(self, choice: LanguageChoice, current: bool) -> KioskButton:
        button = KioskButton(choice.name, "primary" if current else "secondary")
        button.setObjectName(f"language-{choice.code}")
        button.setCheckable(True)
        button.setChecked(current)
        # Its own direction: an Arabic name keeps its shape and place on an English screen.
        button.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if is_right_to_left(choice.code)
            else Qt.LayoutDirection.LeftToRight
        )
        button.clicked.connect(lambda _=False, code=choice.code: self._choose(code))
        return button

    def _choose(self, code: str) -> None:
        self.hide()
        self.chosen.emit(code)

    def close_chooser(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()
