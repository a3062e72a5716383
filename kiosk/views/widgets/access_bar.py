"""The accessibility bar under every patient screen: larger text, contrast, read aloud,
language. It sits in the same place on every screen, away from the staff corner."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.views.widgets.buttons import KioskButton


class AccessBar(QWidget):
    """Toggles a patient can reach from every screen.

    Signals:
        larger_text_toggled(bool), high_contrast_toggled(bool), read_aloud_clicked,
        language_clicked; while reading aloud: pause_clicked, replay_clicked,
        quieter_clicked, louder_clicked.
    """

    larger_text_toggled = Signal(bool)
    high_contrast_toggled = Signal(bool)
    read_aloud_clicked = Signal()
    language_clicked = Signal()
    pause_clicked = Signal()
    replay_clicked = Signal()
    quieter_clicked = Signal()
    louder_clicked = Signal()

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
        # Audio mode's own controls, shown only while it is on.
        self.pause = self._audio_button("pause", "pause-reading", self.pause_clicked)
        self.replay = self._audio_button("replay", "replay-reading", self.replay_clicked)
        self.quieter = self._audio_button("volume-down", "quieter", self.quieter_clicked)
        self.louder = self._audio_button("volume-up", "louder", self.louder_clicked)
        self.language = KioskButton("", "access", icon="globe")
        self.language.setObjectName("language")
        self.language.clicked.connect(self.language_clicked)
        *on_the_left, language = self._all_buttons()
        for button in on_the_left:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(language)  # the language button sits alone at the far end
        self._captions: dict[KioskButton, str] = {}
        self._language_caption = ""
        self.compact = False
        for button in self._all_buttons():
            # The bar decides what fits; it never makes the window wider.
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(1)

    def _audio_button(self, icon: str, name: str, signal: SignalInstance) -> KioskButton:
        button = KioskButton("", "access", icon=icon)
        button.setObjectName(name)
        button.clicked.connect(signal)
        button.hide()
        return button

    def show_audio_controls(self, on: bool, speaking: bool = False) -> None:
        """While reading aloud: Pause (when speaking) or Read again, Quieter, Louder."""
        self.pause.setVisible(on and speaking)
        self.replay.setVisible(on and not speaking)
        self.quieter.setVisible(on)
        self.louder.setVisible(on)
        self.read_aloud.setCheckable(True)
        self.read_aloud.setChecked(on)
        self.refit()

    def _toggle(self, icon: str, name: str) -> KioskButton:
        button = KioskButton("", "access", icon=icon)
        button.setObjectName(name)
        button.setCheckable(True)
        return button

    def set_texts(
        self,
        larger_text: str,
        high_contrast: str,
        read_aloud: str,
        audio: tuple[str, str, str, str] = ("Pause", "Read again", "Quieter", "Louder"),
    ) -> None:
        """The captions; ``audio`` is (pause, read again, quieter, louder)."""
        self._captions = {
            self.larger_text: larger_text,
            self.high_contrast: high_contrast,
            self.read_aloud: read_aloud,
            **dict(zip((self.pause, self.replay, self.quieter, self.louder), audio, strict=True)),
        }
        self.refit()

    def set_read_aloud_text(self, text: str) -> None:
        """ "Read aloud", or "Stop reading" while audio mode is on."""
        self._captions[self.read_aloud] = text
        self.refit()

    def refit(self) -> None:
        """Show captions when they fit the width; otherwise icons only.

        A narrow portrait tablet with larger text, or a language with long words, must
        never push the window wider than the screen. The accessible names stay, so a
        screen reader still says what each button does.
        """
        buttons = [b for b in self._all_buttons() if not b.isHidden()]
        for button in buttons:
            button.set_text(self._caption_of(button))
        layout = self.layout()
        spacing = layout.spacing() if layout is not None else 0
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 0
        needed = sum(b.sizeHint().width() for b in buttons) + spacing * len(buttons) + sides
        self.compact = needed > self.width()
        if self.compact:
            for button in buttons:
                button.setText("")
                button.setToolTip(self._caption_of(button))

    def _all_buttons(self) -> list[KioskButton]:
        return [
            self.larger_text,
            self.high_contrast,
            self.read_aloud,
            self.pause,
            self.replay,
            self.quieter,
            self.louder,
            self.language,
        ]

    def _caption_of(self, button: KioskButton) -> str:
        if button is self.language:
            return self._language_caption
        return self._captions.get(button, button.caption())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.refit()

    def set_language_choice(self, label: str | None) -> None:
        """Show the button that switches to ``label``'s language; hide it when none."""
        self.language.setHidden(label is None)
        self._language_caption = label or ""
        self.refit()

    def reset(self) -> None:
        """Back to normal text and the clinic's theme, without emitting signals."""
        for button in (self.larger_text, self.high_contrast):
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
