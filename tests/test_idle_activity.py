"""A patient who keeps answering is never asked "Are you still there?".

Every tap starts the idle wait again from the top. The tests let the wait run down a
little before each tap and read how much of it is left afterwards, instead of sleeping
between taps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.pin import PinGuard

from .helpers import tap
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
