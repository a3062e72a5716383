"""Audio mode: everything a patient can read or choose is spoken, with Qt's mock engine
(what is said is checked word for word) and once with a real engine (speech-dispatcher
and espeak-ng), through Qt's own state signals."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk.audio import AudioMode
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.pin import PinGuard
from kiosk.speech import Reader
from kiosk.speech_text import digit_by_digit, numbered_answers

from .helpers import tap


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
        GuardTiming(idle_ms=60, warning_ms=60_000),
        kiosk_mode=False,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
    )
    try:
        router.open_screen("suicidal-thoughts", 1)
        audio = _turn_on(window, router)
        qtbot.waitUntil(audio.reader.is_speaking, timeout=3000)
        assert not guard.watcher.idle_armed(), "no idle wait while it speaks"
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


# --- a real engine ---------------------------------------------------------------------


@pytest.fixture
def sound_server() -> Iterator[None]:
    """speech-dispatcher plays through PulseAudio: give it a silent sink if none runs."""
    if not (shutil.which("spd-say") and shutil.which("pulseaudio")):
        pytest.skip("needs speech-dispatcher, espeak-ng and pulseaudio (see .ci/run)")
    running = subprocess.run(["pulseaudio", "--check"], check=False).returncode == 0
    if not running:
        subprocess.run(
            [
                "pulseaudio", "--daemonize", "--exit-idle-time=-1", "-n",
                "--load=module-null-sink", "--load=module-native-protocol-unix",
            ],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
    yield
    if not running:
        subprocess.run(["pulseaudio", "--kill"], check=False, timeout=30)


def test_a_real_engine_starts_and_ends_speaking(sound_server, qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = Reader(engine="speechd")
    assert reader.available(), "speech-dispatcher answered"
    assert reader.has_voice("en")
    reader.set_language("en")
    with qtbot.waitSignal(reader.speaking_changed, timeout=10_000) as started:
        reader.speak(digit_by_digit("Call or text 988."))
    assert started.args == [True]
    with qtbot.waitSignal(reader.speaking_changed, timeout=20_000) as ended:
        pass
    assert ended.args == [False]
