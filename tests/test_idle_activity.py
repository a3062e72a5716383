"""A patient who keeps answering is never asked "Are you still there?".

Every tap starts the idle wait again from the top. The tests let the wait run down a
little before each tap and read how much of it is left afterwards, instead of sleeping
between taps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QScroller

from kiosk.audio import AudioMode
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.pin import PinGuard, set_pin

from .helpers import flick_up, tap, touchscreen
from .test_selfcheck import open_check

IDLE_MS = 2000
# How far the wait runs down before each tap, and how full it must be after one (Qt may
# end a wait of this length up to 5 % early or late).
RUN_DOWN_MS = 400
FULL_MS = IDLE_MS - 250


@pytest.fixture
def guarded(kiosk_ui, private_state: Path, pack_copy: Path):  # type: ignore[no-untyped-def]
    guards: list[KioskGuard] = []

    def _build():  # type: ignore[no-untyped-def]
        window, router = kiosk_ui()
        guard = KioskGuard(
            router,
            GuardTiming(idle_ms=IDLE_MS, warning_ms=60_000),
            kiosk_mode=True,
            reload_content=lambda: load_pack(pack_copy),
            pin_guard=PinGuard(private_state),
        )
        guards.append(guard)
        return window, router, guard

    yield _build
    for guard in guards:
        guard.shutdown()


@contextmanager
def touch_only() -> Iterator[None]:
    """Qt does not turn unhandled touches into mouse events: only the touch itself is seen."""
    attribute = Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents
    before = QApplication.testAttribute(attribute)
    QApplication.setAttribute(attribute, False)
    try:
        yield
    finally:
        QApplication.setAttribute(attribute, before)


def _let_the_wait_run_down(guard: KioskGuard, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert guard.watcher.idle_armed()
    qtbot.waitUntil(
        lambda: guard.watcher.idle_remaining_ms() <= IDLE_MS - RUN_DOWN_MS, timeout=2000
    )


def test_touching_a_page_while_reading_starts_the_idle_wait_again(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A patient reading a long page, touching the text now and then, for longer in all
    than the idle wait: each touch starts the full wait again, so "Are you still there?"
    never interrupts them (the touches turn no page, so only the touch itself counts)."""
    window, router, guard = guarded()
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-how-ketamine-works"))
    assert router.current_name() == "how-ketamine-works"
    for touch in range(1, 7):
        _let_the_wait_run_down(guard, qtbot)
        tap(router.explainer.text_area)
        assert guard.watcher.idle_remaining_ms() >= FULL_MS, f"after touch {touch}"
    assert not guard.still_there.isVisible()
    assert (router.current_name(), router.place.page) == ("how-ketamine-works", 0)


def test_each_answer_starts_the_idle_wait_again(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A patient answering steadily through the whole PHQ-9, taking longer in all than the
    idle wait: after every answer the full wait lies ahead again."""
    window, router, guard = guarded()
    open_check(router, "phq9")
    for number in range(1, 10):
        assert router.question.progress.text() == f"Question {number} of 9"
        _let_the_wait_run_down(guard, qtbot)
        tap(router.question.answer_buttons[0])
        assert guard.watcher.idle_remaining_ms() >= FULL_MS, f"after answer {number}"
        assert not guard.still_there.isVisible()
    assert router.session.check is not None, "the answers are all still there"
    assert router.session.check.choices[:9] == [0] * 9


def test_a_touch_counts_even_when_qt_makes_no_mouse_event_of_it(guarded, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Touches on a question's text (which no widget handles) restart the wait by
    themselves: with Qt's touch-to-mouse conversion off, there is no click to count."""
    window, router, guard = guarded()
    open_check(router, "phq9")
    pressed: list[bool] = []
    router.question.answer_buttons[0].pressed.connect(lambda: pressed.append(True))
    with touch_only():
        for _ in range(3):
            _let_the_wait_run_down(guard, qtbot)
            with qtbot.waitSignal(guard.watcher.activity, timeout=1000):
                tap(router.question.stem)
            assert guard.watcher.idle_remaining_ms() >= FULL_MS
        tap(router.question.answer_buttons[0])
    assert not pressed, "Qt made no mouse event of a touch: only the touch was seen"


# --- what a reset leaves for the next patient ---------------------------------------------

LONG_PAGE = "suicidal-thoughts"  # its first page overflows at 1280x800 (more with larger text)


@pytest.fixture
def staffed(kiosk_ui, private_state: Path, pack_copy: Path):  # type: ignore[no-untyped-def]
    """A kiosk-mode tablet (1280x800) with a staff PIN, a short hold and a short countdown
    (and an idle wait that is long until a test shortens it)."""
    set_pin("2468", private_state)
    window, router = kiosk_ui(size=(1280, 800))
    guard = KioskGuard(
        router,
        GuardTiming(
            idle_ms=60_000, warning_ms=400, hold_ms=100, tick_ms=100, staff_panel_ms=60_000
        ),
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
        has_pin=lambda: True,
    )
    yield window, router, guard
    guard.shutdown()


def _scroll_down_by_finger(area, qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)  # or no scrolling is tested
    flick_up(qtbot, area)
    scroller = QScroller.scroller(area.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
    assert bar.value() > 0


def _corner(window) -> QPoint:  # type: ignore[no-untyped-def]
    return QPoint(window.width() - 10, 10)


def _idle_reset(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The patient pauses the reading and walks away: the warning is read out, then the
    countdown ends while the kiosk may still be saying it."""
    audio = router.findChild(AudioMode)
    guard.timing = replace(guard.timing, idle_ms=100)  # from the next wait on
    tap(window.access_bar.pause)
    qtbot.waitUntil(lambda: not audio.reader.is_speaking(), timeout=2000)
    qtbot.waitUntil(guard.still_there.isVisible, timeout=3000)
    assert audio.reader.last_spoken.startswith("Are you still there?")
    with qtbot.waitSignal(guard.reset_done, timeout=3000):
        pass


def _front_desk_reset(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    corner = _corner(window)
    with qtbot.waitSignal(guard.reset_done, timeout=3000):
        QTest.touchEvent(window, touchscreen()).press(0, corner, window).commit()
    QTest.touchEvent(window, touchscreen()).release(0, corner, window).commit()


def _staff_panel_reset(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        tap(window, _corner(window))
    for key in ("2", "4", "6", "8", "OK"):
        tap(guard.pin_pad.digit_buttons[key])
    assert guard.staff.isVisible()
    tap(guard.staff.reset_button)


RESETS = {
    "idle timeout": _idle_reset,
    "front-desk corner hold": _front_desk_reset,
    "staff panel": _staff_panel_reset,
}


@pytest.mark.parametrize("how", sorted(RESETS))
def test_a_reset_leaves_no_scrolled_page_and_no_voice(staffed, qtbot, how: str) -> None:  # type: ignore[no-untyped-def]
    """A patient in larger text scrolled down the crisis page and had it read aloud; the
    kiosk is reset. It falls silent at once, nothing is scrolled, and the next patient
    finds the same page at its top, not read aloud."""
    window, router, guard = staffed
    audio = router.findChild(AudioMode)
    assert isinstance(audio, AudioMode)
    tap(router.attract)
    tap(window.access_bar.larger_text)
    tap(router.home.findChild(QAbstractButton, f"tile-{LONG_PAGE}"))
    area = router.explainer.text_area
    _scroll_down_by_finger(area, qtbot)
    tap(window.access_bar.read_aloud)
    qtbot.waitUntil(audio.reader.is_speaking, timeout=2000)

    RESETS[how](window, router, guard, qtbot)

    assert router.current_name() == "attract"
    scrolled = [
        a for a in window.findChildren(QAbstractScrollArea) if a.verticalScrollBar().value()
    ]
    assert not scrolled, "a scroll position outlived the reset"
    assert not audio.active, "audio mode ends with the session"
    # Falls silent by itself, with no further input. (How fast is not a unit test's to
    # judge: a loaded machine makes any short bound a race; it was 300 ms, and failed.)
    qtbot.waitUntil(lambda: not audio.reader.is_speaking(), timeout=5000)
    said = audio.reader.last_spoken

    tap(router.attract)  # the next patient
    tap(router.home.findChild(QAbstractButton, f"tile-{LONG_PAGE}"))
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)  # it still overflows
    assert bar.value() == 0
    assert not audio.reader.is_speaking()
    assert audio.reader.last_spoken == said, "nothing is read to the next patient"
