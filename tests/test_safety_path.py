"""A positive safety answer always reaches a person: at once, once, and never un-sent.

Driven by touch, with a real HTTP receiver on 127.0.0.1 standing in for the front desk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.alert_watch import AlertWatch
from kiosk.alerts import StaffAlerter
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.model import AlertDestinations
from kiosk.pin import PinGuard
from kiosk.router import Timing

from .helpers import tap, touchscreen
from .test_selfcheck import answer_all, open_check
from .webhook import Received, webhook_server

CALM = GuardTiming(idle_ms=60_000, warning_ms=60_000, support_idle_ms=120_000, hold_ms=100)


@pytest.fixture
def alerting(kiosk_ui, private_state: Path, pack_copy: Path) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """A kiosk with its guard, whose staff alerts go to a real receiver on 127.0.0.1."""
    guards: list[KioskGuard] = []
    with webhook_server() as (url, received):
        json_url = url.replace("http://", "json://", 1)
        alerter = StaffAlerter(AlertDestinations(urls=[json_url]), "Front room")

        def _build(timing: GuardTiming = CALM):  # type: ignore[no-untyped-def]
            window, router = kiosk_ui(alerter=alerter)
            guard = KioskGuard(
                router,
                timing,
                kiosk_mode=True,
                reload_content=lambda: load_pack(pack_copy),
                pin_guard=PinGuard(private_state),
                alerter=alerter,
                alert_watch=router.findChild(AlertWatch),
            )
            guards.append(guard)
            return window, router, guard, received, alerter

        yield _build
        for guard in guards:
            guard.shutdown()
        alerter.shutdown()


def _item_9_positive(router, received: Received) -> None:  # type: ignore[no-untyped-def]
    """PHQ-9 with "Several days" to item 9 only; the alert must arrive before any other tap."""
    open_check(router, "phq9")
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    assert not received.arrived.is_set()
    tap(router.question.answer_buttons[1])  # item 9: "Several days"
    assert received.arrived.wait(timeout=10), "the alert is sent at the answer"
    assert router.window.stack.currentWidget() is router.support, "support right after"


def _settled(alerter: StaffAlerter, received: Received) -> list[dict[str, Any]]:
    alerter.shutdown()  # waits for anything still being delivered
    return received.bodies


def _leave_on_support(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    tap(router.support.leave_button)
    assert router.current_name() == "home"


def _continue_then_leave(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    tap(router.support.continue_button)
    assert router.question.progress.text() == "One last question"
    tap(router.question.leave_button)


def _back_and_change(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    tap(router.support.continue_button)
    tap(router.question.back_button)  # item 9 again, its answer shown
    assert router.question.answer_buttons[1].is_chosen()
    tap(router.question.answer_buttons[3])  # more: no second alert, no second support
    assert router.window.stack.currentWidget() is router.question
    tap(router.question.back_button)
    tap(router.question.answer_buttons[0])  # "Not at all" now: nothing is un-sent
    assert router.window.stack.currentWidget() is router.result
    assert router.result.has_safety_note(), "the note stays for this patient"
    tap(router.result.done_button)


def _language_switch(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    tap(window.access_bar.language)
    assert router.support.continue_button.caption() == "Seguir con las preguntas"
    tap(router.support.continue_button)
    tap(router.question.answer_buttons[0])
    assert router.result.has_safety_note()
    tap(router.result.done_button)


def _staff_corner_reset(window, router, guard, qtbot) -> None:  # type: ignore[no-untyped-def]
    corner = QPoint(window.width() - 10, 10)
    QTest.touchEvent(window, touchscreen()).press(0, corner, window).commit()
    qtbot.waitUntil(lambda: router.current_name() == "attract", timeout=5000)
    QTest.touchEvent(window, touchscreen()).release(0, corner, window).commit()


AFTERWARDS = {
    "leave-on-support": _leave_on_support,
    "continue-then-leave": _continue_then_leave,
    "back-and-change": _back_and_change,
    "language-switch": _language_switch,
    "front-desk-reset": _staff_corner_reset,
}


@pytest.mark.parametrize("afterwards", sorted(AFTERWARDS))
def test_one_alert_at_the_answer_whatever_happens_next(alerting, qtbot, afterwards: str) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, received, alerter = alerting()
    _item_9_positive(router, received)
    AFTERWARDS[afterwards](window, router, guard, qtbot)
    bodies = _settled(alerter, received)
    assert len(bodies) == 1
    assert received.attempts == 1
    assert bodies[0]["title"] == "A patient may need support now"
    assert bodies[0]["message"].startswith("Front room, ")
    assert "Several days" not in bodies[0]["message"], "nothing about the answers"


def test_the_idle_reset_never_unsends_the_alert(alerting, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, received, alerter = alerting()
    _item_9_positive(router, received)
    guard.set_timing(GuardTiming(idle_ms=60_000, warning_ms=200, support_idle_ms=150, tick_ms=50))
    qtbot.waitUntil(lambda: router.current_name() == "attract", timeout=5000)
    assert router.session.check is None
    assert not router.session.safety_flagged, "the next patient starts afresh"
    assert len(_settled(alerter, received)) == 1


def test_each_patient_who_answers_so_is_an_alert_of_its_own(alerting) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, received, alerter = alerting()
    _item_9_positive(router, received)
    tap(router.support.leave_button)
    received.arrived.clear()
    tap(router.home.findChild(QAbstractButton, "tile-quick-check"))
    tap(router.check_intro.start_button)
    for _ in range(9):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])  # "Feeling life isn't worth living": Yes
    assert router.window.stack.currentWidget() is router.support
    # Leave ended the first session; this is a new patient and a new alert.
    assert received.arrived.wait(timeout=10)
    assert len(_settled(alerter, received)) == 2


def test_the_support_screen_and_the_rest_of_the_check_wait_longer(alerting, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, received, alerter = alerting(
        GuardTiming(idle_ms=45_000, warning_ms=60_000, support_idle_ms=150_000)
    )
    open_check(router, "phq9")
    assert guard.watcher.idle_interval_ms() == 45_000
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    assert guard.watcher.idle_armed()
    assert guard.watcher.idle_interval_ms() == 150_000, "support screen"
    tap(router.support.continue_button)
    assert guard.watcher.idle_interval_ms() == 150_000, "the rest of that check"
    tap(router.question.answer_buttons[0])
    assert guard.watcher.idle_interval_ms() == 150_000, "its result"
    tap(router.result.done_button)
    assert guard.watcher.idle_interval_ms() == 45_000, "the next patient: the usual wait"


def test_the_longer_wait_is_the_one_that_runs(alerting, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, received, alerter = alerting()
    _item_9_positive(router, received)
    guard.set_timing(GuardTiming(idle_ms=60_000, warning_ms=60_000, support_idle_ms=120))
    qtbot.waitUntil(guard.still_there.isVisible, timeout=5000)
    assert router.window.stack.currentWidget() is router.support


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_result_after_a_safety_answer_never_reassures_alone(kiosk_ui, pack, language) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "phq9")
    if language == "es":
        tap(window.access_bar.language)
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    tap(router.support.continue_button)
    tap(router.question.answer_buttons[0])
    note = pack.language(language).support.result_note
    result = router.result
    assert result.band.text() == pack.language(language).screens["phq9"].bands[0].label
    assert result.has_safety_note()
    note_text = " ".join(label.text() for label in result.note.findChildren(type(result.band)))
    assert note.title in note_text
    assert "988" in note_text
    assert "911" in note_text
    assert ("not a diagnosis" if language == "en" else "no un diagnóstico") in note_text
    assert result.next_step.text() == note.next_step
    # The note sits above the band, and Read aloud says it first.
    assert result.note.geometry().bottom() < result.band.geometry().top()
    assert result.spoken_text().startswith(note.title)


def test_the_quick_check_after_a_safety_answer_never_says_if_you_like(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "quick-check")
    support_after = answer_all(router, [0] * 9 + [1])
    assert support_after == [10]
    result = router.result
    assert result.band.text() == "A few of these apply"
    assert result.has_safety_note()
    assert "988" in result.spoken_text()
    assert "If you like" not in result.spoken_text()


def test_without_a_safety_answer_there_is_no_note(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "quick-check")
    answer_all(router, [1] + [0] * 9)
    assert not router.result.has_safety_note()
    assert router.result.next_step.text().startswith("If you like")


def test_a_second_result_shows_only_its_own_note(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    """Nothing of an earlier note lingers (a label waiting for deletion still paints)."""
    from .helpers import visible_labels

    window, router = kiosk_ui()
    for language in ("en", "es"):
        router.open_screen("quick-check")
        if language == "es":
            tap(window.access_bar.language)
        tap(router.check_intro.start_button)
        for _ in range(9):
            tap(router.question.answer_buttons[0])
        tap(router.question.answer_buttons[1])
        tap(router.support.continue_button)
        note = pack.language(language).support.result_note
        shown = [label.text() for label in visible_labels(router.result.note)]
        assert shown == [note.title, *note.paragraphs]
        tap(router.result.done_button)


def test_a_double_tap_on_go_on_never_erases_the_result(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    """ "Go on to my result" and "Done — erase my answers" sit in the same place: a bounce
    on the first must not press the second before the patient saw their result."""
    window, router = kiosk_ui(
        timing=Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=60_000)
    )
    open_check(router, "quick-check")
    for _ in range(10):
        router.question._shown_for.invalidate()  # each question has been read
        tap(router.question.answer_buttons[1 if router.session.check.position == 9 else 0])
    assert window.stack.currentWidget() is router.support
    router.support._guard._shown_for.invalidate()  # the support screen has been read
    tap(router.support.continue_button)
    tap(router.result.done_button)  # lands as the result appears: a bounce
    assert window.stack.currentWidget() is router.result
    assert router.result.has_safety_note()
    router.result._guard._shown_for.invalidate()
    tap(router.result.done_button)  # a real tap, later
    assert router.current_name() == "home"


def _descriptions(buttons) -> list[str]:  # type: ignore[no-untyped-def]
    """What a screen reader says of each button beyond its name."""
    from PySide6.QtGui import QAccessible

    return [
        QAccessible.queryAccessibleInterface(b).text(QAccessible.Text.Description) for b in buttons
    ]


def test_a_screen_reader_hears_which_answer_was_given_before(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "phq9")
    tap(router.question.answer_buttons[2])
    tap(router.question.back_button)
    described = _descriptions(router.question.answer_buttons)
    assert described == ["", "", "Your answer", ""]


def test_without_the_packs_words_a_screen_reader_hears_a_check_mark(  # type: ignore[no-untyped-def]
    kiosk_ui, pack_copy, edit
) -> None:
    from kiosk.loader import load_pack

    edit("en/ui.yaml", "chosen_answer:", "# chosen_answer:")
    window, router = kiosk_ui(content=load_pack(pack_copy))
    open_check(router, "phq9")
    tap(router.question.answer_buttons[1])
    tap(router.question.back_button)
    described = _descriptions(router.question.answer_buttons)
    assert described == ["", "✓", "", ""]
