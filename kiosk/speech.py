"""Read the current page aloud through Qt's text-to-speech, where the platform has it.

Linux speaks through speech-dispatcher, Windows through WinRT (then SAPI): the order is
fixed per platform (:func:`engine_order`), and among the engines that work the first with
a voice for every language of the pack wins. Where no engine works (or
the QtTextToSpeech module cannot load), :meth:`Reader.available` is False and the
kiosk hides its read-aloud button rather than offering one that does nothing.

A speech engine is a server the kiosk does not control: speech-dispatcher whose audio
output has gone away answers nothing, and every call into it waits for ever. So a real
engine lives in its own thread (:class:`_Engine` in "speech"), and :class:`Reader`, in
the GUI thread, only sends it requests and keeps what it last heard back. A hung engine
then silences Read aloud; it can never freeze the screen. (Qt's "mock" engine, used by
the tests and the gallery, cannot hang and runs in the caller's thread, so what it says
is known at once.)
"""

from __future__ import annotations

import atexit
import logging
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QLocale, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

#: How long a speech engine may take to open before Read aloud is given up for this run.
OPEN_TIMEOUT_MS = 15_000
#: Engines that run in the caller's thread (they cannot block): tests and pictures.
IN_PROCESS_ENGINES = ("mock", "none")

UNOPENED, OPENING, READY, NO_ENGINE = "unopened", "opening", "ready", "no engine"

#: Each platform's engines, best first. On Windows, WinRT speaks with every voice that
#: Settings → Time & language → Speech installs; SAPI sees only some of them.
PREFERRED_ENGINES = {
    "win32": ("winrt", "sapi"),
    "linux": ("speechd", "flite"),
    "darwin": ("darwin",),
}


def engine_order(installed: Iterable[str], platform: str = sys.platform) -> list[str]:
    """The engines to try, in a fixed order: the platform's preferred ones, then any
    other (by name), never Qt's "mock" engine (it speaks to nobody)."""
    available = set(installed) - {"mock"}
    preferred = [name for name in PREFERRED_ENGINES.get(platform, ()) if name in available]
    return preferred + sorted(available - set(preferred))


def language_codes(locales: Iterable[QLocale]) -> set[str]:
    """The two-letter language codes of ``locales`` ("es" for es-MX and es-ES alike)."""
    return {QLocale.languageToCode(locale.language()) for locale in locales}


# Every speech thread started, ended at exit (a QThread destroyed while it runs aborts
# the process, and a hung engine keeps its thread running).
_speech_threads: list[QThread] = []


def _end_thread(thread: QThread) -> None:
    if not thread.isRunning():
        return
    thread.quit()
    if not thread.wait(2000):
        log.warning("the speech engine does not answer; ending its thread")
        thread.terminate()
        thread.wait(1000)


@atexit.register
def _end_speech_threads() -> None:
    for thread in _speech_threads:
        _end_thread(thread)


def _text_to_speech_class() -> Any:
    """QTextToSpeech, imported on first use: it loads Qt Multimedia, which a patient who
    never taps Read aloud does not need at start-up."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # PySide6-Addons missing, or its audio libraries (libpulse)
        log.info("text-to-speech is not available: %s", exc)
        return None
    return QTextToSpeech


class _Engine(QObject):
    """Owns the QTextToSpeech object, in the thread whose calls may block.

    Signals:
        opened(str, list): the engine's name ("" when none works) and the language codes
            it has a voice for.
        speaking_changed(bool)
    """

    opened = Signal(str, list)
    speaking_changed = Signal(bool)

    def __init__(self, choice: str | None, languages: Sequence[str] = ()) -> None:
        super().__init__()
        self._choice = choice
        self._languages = set(languages)
        self._tts: Any = None
        self._speaking_state: Any = None
        self._locales: dict[str, QLocale] = {}

    @Slot()
    def open(self) -> None:
        self._tts = self._first_working_engine()
        if self._tts is None:
            self.opened.emit("", [])
            return
        self._tts.stateChanged.connect(self._on_state)
        for locale in self._tts.availableLocales():
            self._locales.setdefault(QLocale.languageToCode(locale.language()), locale)
        log.info("text-to-speech engine: %s", self._tts.engine())
        self.opened.emit(self._tts.engine(), sorted(self._locales))

    def _first_working_engine(self) -> Any:
        """The first engine in :func:`engine_order` with a voice for every language of the
        pack; failing that, the first that works at all (Read aloud then hides on the
        pages of a language it has no voice for)."""
        QTextToSpeech = _text_to_speech_class()  # noqa: N806 - a Qt class
        if QTextToSpeech is None:
            return None
        self._speaking_state = QTextToSpeech.State.Speaking
        installed = QTextToSpeech.availableEngines()
        if self._choice:  # forced (tests, pictures): that engine or none
            names = [self._choice] if self._choice in installed else []
        else:
            names = engine_order(installed)
        fallback = None
        for name in names:
            tts = QTextToSpeech(name, self)
            locales = tts.availableLocales() if tts.state() != QTextToSpeech.State.Error else []
            if locales and self._languages <= language_codes(locales):
                if fallback is not None:
                    fallback.deleteLater()
                return tts
            if locales and fallback is None:
                fallback = tts
            else:
                tts.deleteLater()
        return fallback

    @Slot(str, str)
    def speak(self, text: str, language: str) -> None:
        if self._tts is None:
            return
        locale = self._locales.get(language)
        if locale is not None and self._tts.locale() != locale:
            self._tts.setLocale(locale)
        self._tts.say(text)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    @Slot()
    def pause(self) -> None:
        if self._tts is not None:
            self._tts.pause()

    @Slot(float, float)
    def tune(self, volume: float, rate: float) -> None:
        if self._tts is not None:
            self._tts.setVolume(volume)
            self._tts.setRate(rate)

    def _on_state(self, state: object) -> None:
        self.speaking_changed.emit(state == self._speaking_state)


class Reader(QObject):
    """Speaks text; ``engine`` forces one engine (tests use Qt's "mock" engine).

    Signals:
        speaking_changed(bool): speech started or stopped.
        availability_changed: the engine has opened (or turned out to be missing or
            hung): :meth:`available` and :meth:`has_voice` may answer differently now.
    """

    speaking_changed = Signal(bool)
    availability_changed = Signal()
    _open_requested = Signal()
    _speak_requested = Signal(str, str)
    _stop_requested = Signal()
    _pause_requested = Signal()
    _tune_requested = Signal(float, float)

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        *,
        open_timeout_ms: int = OPEN_TIMEOUT_MS,
        engine_object: _Engine | None = None,
        languages: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self._engine = engine_object or _Engine(engine, languages)
        self._thread: QThread | None = None
        if engine not in IN_PROCESS_ENGINES:
            self._thread = QThread()
            self._thread.setObjectName("speech")
            self._engine.moveToThread(self._thread)
            _speech_threads.append(self._thread)
        self._state = UNOPENED
        self._engine_name = ""
        self._voices: list[str] = []
        self._speaking = False
        self._language = ""
        self._volume = 0.8
        self._rate = 0.0
        #: The last text handed to the engine (what the kiosk said; tests read it).
        self.last_spoken = ""
        self._open_timeout = QTimer(self)
        self._open_timeout.setSingleShot(True)
        self._open_timeout.setInterval(open_timeout_ms)
        self._open_timeout.timeout.connect(self._gave_up_opening)
        self._open_requested.connect(self._engine.open)
        self._speak_requested.connect(self._engine.speak)
        self._stop_requested.connect(self._engine.stop)
        self._pause_requested.connect(self._engine.pause)
        self._tune_requested.connect(self._engine.tune)
        self._engine.opened.connect(self._opened)
        self._engine.speaking_changed.connect(self._on_speaking)

    # --- opening ----------------------------------------------------------------------

    def open(self) -> None:
        """Start opening the engine (once); the answer comes as availability_changed."""
        if self._state != UNOPENED:
            return
        self._state = OPENING
        if self._thread is not None:
            self._thread.start()
            self._open_timeout.start()
        self._open_requested.emit()

    def _opened(self, name: str, voices: list[str]) -> None:
        self._open_timeout.stop()
        if self._state == NO_ENGINE:
            log.info("the speech engine %s answered after all; Read aloud stays off", name)
            return
        self._state = READY if name else NO_ENGINE
        self._engine_name, self._voices = name, list(voices)
        if name:
            self._tune_requested.emit(self._volume, self._rate)
        self.availability_changed.emit()

    def _gave_up_opening(self) -> None:
        if self._state != OPENING:
            return
        log.warning(
            "the speech engine did not answer within %g s: Read aloud is off until the "
            "kiosk restarts",
            self._open_timeout.interval() / 1000,
        )
        self._state = NO_ENGINE
        self.availability_changed.emit()

    def available(self) -> bool:
        """Whether an engine works (False while it is still opening)."""
        self.open()
        return self._state == READY

    def engine(self) -> str:
        """The engine's name; "starting" while it opens; "" when there is none."""
        if self._thread is None:
            self.open()  # in-process engines open at once: nothing to wait for
        if self._state in (UNOPENED, OPENING):
            return "starting"
        return self._engine_name

    def has_voice(self, code: str) -> bool:
        """Whether the engine can speak ``code``: never English words in a Spanish voice's
        stead, nor Spanish read by an English voice."""
        return self.available() and code in self._voices

    def shutdown(self) -> None:
        """End the speech thread (at exit). A hung engine is left behind, not waited for."""
        if self._thread is not None and self._thread.isRunning():
            # Deleted in its own thread, as the thread ends: its timers are that thread's.
            self._engine.deleteLater()
            _end_thread(self._thread)

    # --- speaking ---------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Speak with a voice for ``code`` (e.g. "es") from now on, if the engine has one."""
        self._language = code

    def speak(self, text: str) -> None:
        if self.available() and text.strip():
            self.last_spoken = text
            self._speak_requested.emit(text, self._language)

    def stop(self) -> None:
        if self._state == READY:  # nothing to stop if it never opened
            self._stop_requested.emit()

    def pause(self) -> None:
        if self._state == READY:
            self._pause_requested.emit()

    def set_volume(self, volume: float) -> None:
        """0.1 to 1.0."""
        self._volume = min(1.0, max(0.1, volume))
        self._tune()

    def volume(self) -> float:
        return self._volume

    def set_rate(self, rate: float) -> None:
        """-1.0 (slowest) to 1.0 (fastest); 0 is the voice's own pace."""
        self._rate = min(1.0, max(-1.0, rate))
        self._tune()

    def _tune(self) -> None:
        if self._state == READY:
            self._tune_requested.emit(self._volume, self._rate)

    def is_speaking(self) -> bool:
        return self._speaking

    def _on_speaking(self, speaking: bool) -> None:
        self._speaking = speaking
        self.speaking_changed.emit(speaking)
