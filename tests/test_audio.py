"""Audio mode: everything a patient can read or choose is spoken, with Qt's mock engine
(what is said is checked word for word) and once with a real engine (speech-dispatcher
and espeak-ng), through Qt's own state signals."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QAbstractButton

from kiosk.audio import AudioMode
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.pin import PinGuard
from kiosk.speech import Reader, _Engine
from kiosk.speech_text import digit_by_digit, numbered_answers

from .helpers import require_tools, tap


def _audio(router) -> AudioMode:  # type: ignore[no-untyped-def]
    audio = router.findChild(AudioMode)
    assert audio is not None
    return audio


def _turn_on(window, router) -> AudioMode:  # type: ignore[no-untyped-def]
    audio = _audio(router)
    tap(window.access_bar.read_aloud)
    assert audio.active
    return audio


def test_numbers_in_crisis_text_are_read_digit_by_digit() -> None:
    assert digit_by_digit("Call or text 988 or chat 988lifeline.org.") == (
        "Call or text 9 8 8 or chat 9 8 8 lifeline.org."
    )
    assert (
        digit_by_digit("text HOME to 741741 (free, 24/7).")
        == "text HOME to 7 4 1 7 4 1 (free, 24/7)."
    )
    assert digit_by_digit("call 911") == "call 9 1 1"


def test_answers_are_numbered_in_the_packs_words() -> None:
    assert numbered_answers(["No", "Sí"], "Respuesta {number}: {text}") == [
        "Respuesta 1: No",
        "Respuesta 2: Sí",
    ]


def test_every_new_page_is_read_once_audio_mode_is_on(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("trd")
    audio = _turn_on(window, router)
    assert audio.reader.last_spoken.startswith("When depression does not lift")
    tap(router.explainer.next_button)
    assert audio.reader.last_spoken.startswith("You are not alone")
    assert window.access_bar.quieter.isVisible()
    assert window.access_bar.louder.isVisible()


def test_a_question_is_read_with_its_answers_in_order(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("phq9")
    audio = _turn_on(window, router)
    tap(router.check_intro.start_button)
    assert audio.reader.last_spoken.splitlines() == [
        "Question 1 of 9",
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        "Little interest or pleasure in doing things",
        "Answer 1: Not at all",
        "Answer 2: Several days",
        "Answer 3: More than half the days",
        "Answer 4: Nearly every day",
    ]
    tap(router.question.answer_buttons[0])
    assert audio.reader.last_spoken.startswith("Question 2 of 9")


def test_the_support_screen_and_the_result_read_phone_numbers_digit_by_digit(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("quick-check")
    audio = _turn_on(window, router)
    tap(router.check_intro.start_button)
    for _ in range(9):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    said = audio.reader.last_spoken
    assert said.startswith("You are not alone")
    for number in ("9 8 8", "9 1 1", "7 4 1 7 4 1", "8 3 8 2 5 5"):
        assert number in said, number
    assert "988" not in said
    tap(router.support.continue_button)
    result = audio.reader.last_spoken
    assert result.startswith("Please talk with someone today"), "the safety note first"
    assert "9 8 8" in result


def test_the_still_there_countdown_is_spoken(
    kiosk_ui, private_state: Path, pack_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    guard = KioskGuard(
        router,
        GuardTiming(idle_ms=60_000, warning_ms=20_000),
        kiosk_mode=False,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
    )
    try:
        router.open_screen("trd")
        audio = _turn_on(window, router)
        guard._on_idle()  # the wait ran out
        assert audio.reader.last_spoken.splitlines() == [
            "Are you still there?",
            "To keep your answers private, this screen will start over in 20 seconds.",
            "I'm still here",
        ]
    finally:
        guard.shutdown()


def test_speaking_is_activity(kiosk_ui, private_state: Path, pack_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page being read aloud is never cut off by "Are you still there?"."""
    window, router = kiosk_ui()
    guard = KioskGuard(
        router,
        GuardTiming(idle_ms=600_000, warning_ms=600_000),  # not while the test taps
        kiosk_mode=False,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
    )
    try:
        router.open_screen("suicidal-thoughts", 1)
        audio = _turn_on(window, router)
        qtbot.waitUntil(audio.reader.is_speaking, timeout=3000)
        assert not guard.watcher.idle_armed(), "no idle wait while it speaks"
        guard.set_timing(GuardTiming(idle_ms=60, warning_ms=60_000))
        qtbot.waitUntil(lambda: not audio.reader.is_speaking(), timeout=20_000)
        assert not guard.still_there.isVisible(), "not while it was speaking"
        qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)  # then the usual wait
    finally:
        guard.shutdown()


def test_volume_is_the_clinics_again_for_the_next_patient(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("trd")
    audio = _turn_on(window, router)
    default = router.pack.settings.speech.volume
    assert audio.reader.volume() == pytest.approx(default)
    tap(window.access_bar.louder)
    assert audio.reader.volume() == pytest.approx(min(1.0, default + 0.15))
    tap(window.access_bar.quieter)
    tap(window.access_bar.quieter)
    assert audio.reader.volume() < default
    router.reset_session()
    assert audio.reader.volume() == pytest.approx(default)
    assert not audio.active, "audio mode ends with the session"
    assert not window.access_bar.quieter.isVisible()


def test_audio_mode_stays_on_until_turned_off(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.show_home()
    audio = _turn_on(window, router)
    tap(router.home.findChild(QAbstractButton, "tile-trd"))
    assert audio.reader.last_spoken.startswith("When depression does not lift")
    tap(window.access_bar.read_aloud)
    assert not audio.active
    before = audio.reader.last_spoken
    tap(router.explainer.next_button)
    assert audio.reader.last_spoken == before, "off: nothing more is read"


def test_no_voice_for_a_language_hides_read_aloud_for_it_only(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    """Qt's mock engine speaks English only: Spanish is never read by an English voice."""
    window, router = kiosk_ui()
    router.show_home()
    audio = _turn_on(window, router)
    tap(window.access_bar.language)
    assert router.language == "es"
    assert not audio.active
    assert not window.access_bar.read_aloud.isVisible()
    tap(window.access_bar.language)
    assert window.access_bar.read_aloud.isVisible()


class _SpanishToo(_Engine):
    """Qt's mock engine, with a Spanish voice as well (the mock says any text it is given):
    audio mode in a second language, without a real engine."""

    def _first_working_engine(self) -> object:
        mock = super()._first_working_engine()
        return None if mock is None else _WithSpanishVoice(mock)


class _WithSpanishVoice:
    def __init__(self, mock: object) -> None:
        self._mock = mock

    def availableLocales(self) -> list[QLocale]:  # noqa: N802 - Qt's name
        locales: list[QLocale] = self._mock.availableLocales()  # type: ignore[attr-defined]
        return [*locales, QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)]

    def __getattr__(self, name: str) -> object:
        return getattr(self._mock, name)


@pytest.fixture
def spanish_kiosk(kiosk_ui, qtbot):  # type: ignore[no-untyped-def]
    """Build a kiosk whose (mock) voice speaks Spanish too, the voice known once the
    patient has touched the attract loop; the voice's thread ends with the test."""
    readers: list[Reader] = []

    def _build(**options: object) -> tuple:  # type: ignore[type-arg]
        reader = Reader("mock with Spanish", engine_object=_SpanishToo("mock"))
        readers.append(reader)
        window, router = kiosk_ui(reader=reader, **options)
        with qtbot.waitSignal(reader.availability_changed, timeout=5000):
            tap(router.attract)
        assert reader.has_voice("es")
        return window, router

    yield _build
    for reader in readers:
        reader.shutdown()


def _audio_captions(window) -> list[str]:  # type: ignore[no-untyped-def]
    """What a screen reader says for the audio buttons on show."""
    bar = window.access_bar
    shown = [b for b in (bar.pause, bar.replay, bar.quieter, bar.louder) if b.isVisible()]
    return [b.accessibleName() for b in shown]


@pytest.mark.parametrize(
    ("removed", "speaking", "finished"),
    [
        ((), ["Pausa", "Más bajo", "Más alto"], ["Otra vez", "Más bajo", "Más alto"]),
        (
            ("pause_reading", "replay_reading", "quieter", "louder"),
            ["Pause", "Quieter", "Louder"],
            ["Read again", "Quieter", "Louder"],
        ),
    ],
    ids=["the-packs-words", "english-where-the-pack-has-none"],
)
def test_the_audio_controls_speak_the_patients_language(  # type: ignore[no-untyped-def]
    spanish_kiosk,
    qtbot,
    pack_copy: Path,
    removed: tuple[str, ...],
    speaking: list[str],
    finished: list[str],
) -> None:
    ui_file = pack_copy / "es" / "ui.yaml"
    kept = [
        line
        for line in ui_file.read_text(encoding="utf-8").splitlines()
        if not line.startswith(tuple(f"{key}:" for key in removed))
    ]
    ui_file.write_text("\n".join(kept) + "\n", encoding="utf-8")
    window, router = spanish_kiosk(content=load_pack(pack_copy))
    audio = _turn_on(window, router)
    tap(window.access_bar.language)
    assert router.language == "es"
    assert audio.active, "Spanish has a voice: audio mode stays on"
    bar = window.access_bar
    qtbot.waitUntil(bar.pause.isVisible, timeout=5000)  # the mock reads the menu
    assert _audio_captions(window) == speaking
    tap(bar.pause)
    qtbot.waitUntil(bar.replay.isVisible, timeout=5000)
    assert _audio_captions(window) == finished


def test_a_spanish_question_numbers_its_answers_in_spanish(spanish_kiosk) -> None:  # type: ignore[no-untyped-def]
    window, router = spanish_kiosk()
    tap(window.access_bar.language)
    router.open_screen("phq9")
    audio = _turn_on(window, router)
    tap(router.check_intro.start_button)
    spoken = audio.reader.last_spoken.splitlines()
    assert spoken[0] == "Pregunta 1 de 9"
    assert spoken[-4:] == [
        "Respuesta 1: Ningún día",
        "Respuesta 2: Varios días",
        "Respuesta 3: Más de la mitad de los días",
        "Respuesta 4: Casi todos los días",
    ]


# --- a real engine ---------------------------------------------------------------------


@pytest.fixture
def sound_server() -> Iterator[None]:
    """speech-dispatcher plays through PulseAudio: give it a silent sink if none runs."""
    require_tools("spd-say", "espeak-ng", "pulseaudio", why="reading aloud with a real engine")
    running = subprocess.run(["pulseaudio", "--check"], check=False).returncode == 0
    if not running:
        # A speech-dispatcher left from an earlier run has no sound server to play to: it
        # would start speaking and never finish. Let the test spawn a fresh one.
        subprocess.run(["pkill", "-f", "speech-dispatcher --spawn"], check=False, timeout=30)
        subprocess.run(
            [
                "pulseaudio", "--daemonize", "--exit-idle-time=-1", "-n",
                "--load=module-null-sink", "--load=module-native-protocol-unix",
            ],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
    yield
    if not running:
        # speech-dispatcher (spawned by the test) would be left talking to a sound
        # server that is gone: end it first.
        subprocess.run(["pkill", "-f", "speech-dispatcher --spawn"], check=False, timeout=30)
        subprocess.run(["pulseaudio", "--kill"], check=False, timeout=30)


def test_a_real_engine_starts_and_ends_speaking(sound_server, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = Reader(engine="speechd")
    with qtbot.waitSignal(reader.availability_changed, timeout=20_000):
        assert not reader.available(), "a real engine opens in its own thread"
    assert reader.available(), "speech-dispatcher answered"
    assert reader.engine() == "speechd"
    assert reader.has_voice("en")
    reader.set_language("en")
    with qtbot.waitSignal(reader.speaking_changed, timeout=10_000) as started:
        reader.speak(digit_by_digit("Call or text 988."))
    assert started.args == [True]
    with qtbot.waitSignal(reader.speaking_changed, timeout=20_000) as ended:
        pass
    assert ended.args == [False]


class _HungEngine(_Engine):
    """An engine whose server never answers (speech-dispatcher without its sound)."""

    def __init__(self) -> None:
        super().__init__("hung")
        self.release = threading.Event()

    def _first_working_engine(self) -> object:
        # (Not `open` itself: PySide calls a slot overridden in a subclass directly, in
        # the caller's thread.)
        self.release.wait(30)
        return None


def test_a_hung_speech_engine_never_freezes_the_screen(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    hung = _HungEngine()
    reader = Reader("hung", open_timeout_ms=2000, engine_object=hung)
    try:
        window, router = kiosk_ui(reader=reader)
        tap(router.attract)  # the home menu asks whether there is a voice
        assert router.current_name() == "home", "the screen answered at once"
        assert window.access_bar.read_aloud.isHidden(), "no button while nobody knows"
        assert reader.engine() == "starting"
        with qtbot.waitSignal(reader.availability_changed, timeout=5000):
            pass
        assert not reader.available()
        assert reader.engine() == "", "the status says: no speech engine"
        tap(router.home.findChild(QAbstractButton, "tile-trd"))
        assert router.current_name() == "trd"
    finally:
        hung.release.set()
        reader.shutdown()


def test_an_engine_in_its_own_thread_speaks_and_reports_back(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = Reader("threaded mock", engine_object=_Engine("mock"))
    try:
        window, router = kiosk_ui(reader=reader)
        with qtbot.waitSignal(reader.availability_changed, timeout=5000):
            tap(router.attract)
        assert reader.available()
        assert reader.has_voice("en")
        assert not window.access_bar.read_aloud.isHidden(), "the button appears once it is known"
        with qtbot.waitSignal(reader.speaking_changed, timeout=5000) as started:
            tap(window.access_bar.read_aloud)
        assert started.args == [True]
        assert "Learn about ketamine treatment" in reader.last_spoken
    finally:
        reader.shutdown()


def test_only_crisis_text_is_read_digit_by_digit(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    """ "988" is read "nine eight eight" where it is a number to call; a year on a topic
    page stays a year ("twenty nineteen", not "two zero one nine")."""
    window, router = kiosk_ui()
    topic = pack.language().screens["how-ketamine-works"]
    page = next(i for i, p in enumerate(topic.pages) if "2019" in " ".join(p.paragraphs))
    router.open_screen("how-ketamine-works", page)
    spoken = router.current_spoken_text()
    assert "March 2019" in spoken
    assert "2 0 1 9" not in spoken
    router.open_screen("suicidal-thoughts", 0)
    assert router.explainer.page is not None
    assert router.explainer.page.talk_text, "the help page offers Talk to someone"
    spoken = router.current_spoken_text()
    assert "call or text 9 8 8" in spoken.lower()
    assert "988" not in spoken
