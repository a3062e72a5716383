"""Audio mode: the kiosk usable without reading the screen.

Once a patient taps **Read aloud**, audio mode stays on for their session: every new
screen (each page, each question with its numbered answers, the support screen with its
phone numbers digit by digit, the result and its safety note, the "Are you still there?"
countdown) is read as it appears. **Pause** and **Read again**, **Quieter** and **Louder**
appear beside it; the same button turns it off. It ends with the session, and the volume
returns to the clinic's setting for the next patient (Section 508 §402 asks for both).

:class:`AudioMode` subscribes to the router (a screen shown, the language changed, the
session ended); the router knows nothing about speech. While the kiosk speaks, the guard
does not count the patient as idle (``speaking_changed``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.model import Speech
from kiosk.router import Router
from kiosk.speech import Reader

VOLUME_STEP = 0.15


class AudioMode(QObject):
    """Signals:
    active_changed(bool): audio mode turned on or off.
    speaking_changed(bool): the kiosk started or stopped speaking.
    """

    active_changed = Signal(bool)
    speaking_changed = Signal(bool)

    def __init__(self, router: Router, reader: Reader, speech: Speech) -> None:
        super().__init__(router)
        self.router = router
        self.reader = reader
        self.speech = speech
        self.active = False
        self._bar = router.window.access_bar
        reader.set_volume(speech.volume)
        reader.set_rate(speech.rate)
        reader.set_language(router.language)
        self._bar.read_aloud_clicked.connect(self.toggle)
        self._bar.pause_clicked.connect(self.reader.pause)
        self._bar.replay_clicked.connect(self.read_current)
        self._bar.quieter_clicked.connect(lambda: self.change_volume(-VOLUME_STEP))
        self._bar.louder_clicked.connect(lambda: self.change_volume(VOLUME_STEP))
        reader.speaking_changed.connect(self._on_speaking)
        reader.availability_changed.connect(self._show_button)
        router.navigated.connect(self._on_navigated)
        router.language_changed.connect(self._on_language)
        router.session_ended.connect(self.end)

    # --- what the patient asks for ----------------------------------------------------

    def toggle(self) -> None:
        """The Read aloud button: on (and read this screen), or off (and be quiet)."""
        if self.active:
            self._set_active(False)
            self.reader.stop()
        else:
            self._set_active(True)
            self.read_current()

    def read_current(self) -> None:
        """Read the screen shown, from its start."""
        self.reader.stop()
        self.reader.speak(self.router.current_spoken_text())

    def say(self, text: str) -> None:
        """Speak ``text`` (a warning, a message) if audio mode is on."""
        if self.active:
            self.reader.stop()
            self.reader.speak(text)

    def change_volume(self, step: float) -> None:
        self.reader.set_volume(self.reader.volume() + step)

    def end(self) -> None:
        """The session ended: quiet, off, and the clinic's volume for the next patient."""
        self.reader.stop()
        self._set_active(False)
        self.reader.set_volume(self.speech.volume)

    # --- what happens around it -------------------------------------------------------

    def _on_navigated(self, name: str) -> None:
        if name == "attract":
            return  # no bar there; and opening a speech engine costs start-up time
        self._show_button()
        if self.active:
            self.read_current()

    def _on_language(self, code: str) -> None:
        self.reader.set_language(code)
        if self.active and not self.reader.has_voice(code):
            self._set_active(False)  # no voice for it: never read it with another's
            self.reader.stop()
        self._show_button()

    def _show_button(self) -> None:
        """Read aloud shows only where there is a voice for the language shown."""
        speakable = self.reader.available() and self.reader.has_voice(self.router.language)
        self._bar.read_aloud.setHidden(not speakable)
        self._bar.refit()

    def _set_active(self, active: bool) -> None:
        ui = self.router.content.ui
        self._bar.set_read_aloud_text(ui.stop_reading if active else ui.read_aloud)
        self._bar.show_audio_controls(active, self.reader.is_speaking())
        if active != self.active:
            self.active = active
            self.active_changed.emit(active)

    def _on_speaking(self, speaking: bool) -> None:
        self._bar.show_audio_controls(self.active, speaking)
        self.speaking_changed.emit(speaking)
