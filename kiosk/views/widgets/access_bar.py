"""The accessibility bar under every patient screen: larger text, contrast, read aloud,
language. It sits in the same place on every screen, away from the staff corner."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton


class AccessBar(QWidget):
    """Toggles a patient can reach from every screen.

    Signals:
        larger_text_toggled(bool), high_contrast_toggled(bool), read_aloud_clicked,
        language_clicked.
    """

    larger_text_toggled = Signal(bool)
    high_contrast_toggled = Signal(bool)
    read_aloud_clicked = Signal()
    language_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AccessBar")
        row = QHBoxLayout(self)
        self.larger_text = self._toggle("text-size", "larger-text")
        self.larger_text.toggled.connect(self.larger_text_toggled)
        self.high_contrast = self._toggle("contrast", "high-contrast")
        self.high_contrast.toggled.connect(self.high_contrast_toggled)
        self.read_aloud = KioskButton("", "access", icon="speaker")
        self.read_aloud.setObjectName("read-aloud")
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        self.language = KioskButton("", "access", icon="globe")
        self.language.setObjectName("language")
        self.language.clicked.connect(self.language_clicked)
        for button in (self.larger_text, self.high_contrast, self.read_aloud):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.language)

    def _toggle(self, icon: str, name: str) -> KioskButton:
        button = KioskButton("", "access", icon=icon)
        button.setObjectName(name)
        button.setCheckable(True)
        return button

    def set_texts(self, larger_text: str, high_contrast: str, read_aloud: str) -> None:
        self.larger_text.set_text(larger_text)
        self.high_contrast.set_text(high_contrast)
        self.read_aloud.set_text(read_aloud)

    def set_language_choice(self, label: str | None) -> None:
        """Show the button that switches to ``label``'s language; hide it when none."""
        self.language.setVisible(label is not None)
        if label is not None:
            self.language.set_text(label)

    def reset(self) -> None:
        """Back to normal text and the clinic's theme, without emitting signals."""
        for button in (self.larger_text, self.high_contrast):
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
