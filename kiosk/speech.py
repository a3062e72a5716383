"""Read the current page aloud through Qt's text-to-speech, where the platform has it.

Linux speaks through speech-dispatcher, Windows through SAPI. Where no engine works (or
the QtTextToSpeech module cannot load), :meth:`Reader.available` is False and the
kiosk hides its read-aloud button rather than offering one that does nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal

log = logging.getLogger(__name__)


def _text_to_speech_class() -> Any:
    """QTextToSpeech, imported on first use: it loads Qt Multimedia, which a patient who
    never taps Read aloud does not need at start-up."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # PySide6-Addons missing, or its audio libraries (libpulse)
        log.info("text-to-speech is not available: %s", exc)
        return None
    return QTextToSpeech


class Reader(QObject):
    """Speaks text; ``engine`` forces one engine (tests use Qt's "mock" engine).

    Signals:
        speaking_changed(bool): speech started or stopped.
    """

    speaking_changed = Signal(bool)

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_choice = engine
        self._opened = False
        self._tts: Any = None
        self._speaking_state: Any = None
        self._language = ""
        self._volume = 0.8
        self._rate = 0.0
        #: The last text handed to the engine (what the kiosk said; tests read it).
        self.last_spoken = ""

    @property
    def _speech(self) -> Any:
        """The engine, opened on first use (None where there is none)."""
        if not self._opened:
            self._opened = True
            self._tts = self._open(self._engine_choice)
            if self._tts is not None:
                self._tts.stateChanged.connect(self._on_state)
                self._tts.setVolume(self._volume)
                self._tts.setRate(self._rate)
        return self._tts

    def _open(self, engine: str | None) -> Any:
        QTextToSpeech = _text_to_speech_class()  # noqa: N806 - a Qt class
        if QTextToSpeech is None:
            return None
        self._speaking_state = QTextToSpeech.State.Speaking
        installed = QTextToSpeech.availableEngines()
        names = [engine] if engine else [e for e in installed if e != "mock"]
        names = [name for name in names if name in installed]
        for name in names:
            tts = QTextToSpeech(name, self)
            if tts.state() != QTextToSpeech.State.Error and tts.availableLocales():
                log.info("text-to-speech engine: %s", name)
                return tts
            tts.deleteLater()
        return None

    def available(self) -> bool:
        return self._speech is not None

    def engine(self) -> str:
        return self._speech.engine() if self._speech is not None else ""

    def set_language(self, code: str) -> None:
        """Speak with a voice for ``code`` (e.g. "es"), if the engine has one."""
        self._language = code
        if self._tts is None:
            return  # applied when the engine opens
        locale = self._locale_for(code)
        if locale is not None:
            self._tts.setLocale(locale)

    def _locale_for(self, code: str) -> Any:
        speech = self._speech
        if speech is None:
            return None
        for locale in speech.availableLocales():
            if QLocale.languageToCode(locale.language()) == code:
                return locale
        return None

    def has_voice(self, code: str) -> bool:
        """Whether the engine can speak ``code``: never English words in a Spanish voice's
        stead, nor Spanish read by an English voice."""
        return self._locale_for(code) is not None

    def speak(self, text: str) -> None:
        speech = self._speech
        if speech is not None and text.strip():
            if self._language:
                self.set_language(self._language)
            self.last_spoken = text
            speech.say(text)

    def stop(self) -> None:
        if self._tts is not None:  # nothing to stop if it never opened
            self._tts.stop()

    def pause(self) -> None:
        if self._tts is not None:
            self._tts.pause()

    def set_volume(self, volume: float) -> None:
        """0.1 to 1.0."""
        self._volume = min(1.0, max(0.1, volume))
        if self._tts is not None:
            self._tts.setVolume(self._volume)

    def volume(self) -> float:
        return self._volume

    def set_rate(self, rate: float) -> None:
        """-1.0 (slowest) to 1.0 (fastest); 0 is the voice's own pace."""
        self._rate = min(1.0, max(-1.0, rate))
        if self._tts is not None:
            self._tts.setRate(self._rate)

    def is_speaking(self) -> bool:
        return self._tts is not None and self._tts.state() == self._speaking_state

    def _on_state(self, state: object) -> None:
        self.speaking_changed.emit(self.is_speaking())
