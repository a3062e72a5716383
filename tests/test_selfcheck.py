"""Self-checks end to end by touch: questions, support screen, result, staff alert, privacy."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.alerts import StaffAlerter
from kiosk.model import QuestionnaireScreen, StaffAlerts
from kiosk.router import Router, Timing

from .helpers import tap
from .webhook import webhook_server


def _open_check(router: Router, screen_id: str) -> QuestionnaireScreen:
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, f"tile-{screen_id}"))
    assert router.window.stack.currentWidget() is router.check_intro
    tap(router.check_intro.start_button)
    instrument = router.content.screens[screen_id]
    assert isinstance(instrument, QuestionnaireScreen)
    return instrument


def _answer_all(router: Router, choices: list[int], follow_up: int = 1) -> None:
    for number, choice in enumerate(choices, start=1):
        assert router.window.stack.currentWidget() is router.question
        assert router.question.progress.text() == f"Question {number} of {len(choices)}"
        tap(router.question.answer_buttons[choice])
    if router.session.check is not None and router.session.check.step().value == "follow_up":
        assert (
            router.question.progress.text() == f"Question {len(choices) + 1} of {len(choices) + 1}"
        )
        tap(router.question.answer_buttons[follow_up])


PHQ9_CASES = {
    "all-zero": ([0] * 9, False),
    "item-9-several-days": ([0] * 8 + [1], True),
    "item-9-nearly-every-day": ([3] * 9, True),
    "severe-without-item-9": ([3] * 8 + [0], False),
    "mild-with-item-9": ([1, 1, 0, 1, 0, 0, 0, 0, 2], True),
}


@pytest.mark.parametrize("case", sorted(PHQ9_CASES))
def test_phq9_by_touch_shows_support_exactly_when_item_9_is_endorsed(kiosk_ui, case: str) -> None:  # type: ignore[no-untyped-def]
    choices, support_expected = PHQ9_CASES[case]
    window, router = kiosk_ui()
    seen: list[str] = []
    router.navigated.connect(seen.append)
    instrument = _open_check(router, "phq9")
    _answer_all(router, choices)
    assert ("phq9:support" in seen) is support_expected
    if support_expected:
        assert window.stack.currentWidget() is router.support
        assert "988" in " ".join(label.text() for label in router.support.findChildren(QLabel))
        tap(router.support.continue_button)  # never locked out
    assert window.stack.currentWidget() is router.result
    total = sum(choices)
    band = next(b for b in instrument.bands if b.min <= total <= b.max)
    assert router.result.band.text() == band.label
    assert router.result.score_line.text() == f"Score: {total} out of 27"
    assert router.result.credit.text() == instrument.credit


def test_quick_check_by_touch_with_several_yes_answers(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    _open_check(router, "quick-check")
    _answer_all(router, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    assert window.stack.currentWidget() is router.result
    assert router.result.band.text() == "Several of these apply"
    assert "Ketamine treatment may be worth discussing" in router.result.message.text()


def test_quick_check_life_not_worth_living_shows_support(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    _open_check(router, "quick-check")
    _answer_all(router, [0] * 9 + [1])
    assert window.stack.currentWidget() is router.support


def test_back_shows_and_changes_the_previous_answer(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    _open_check(router, "phq9")
    tap(router.question.answer_buttons[2])
    tap(router.question.back_button)
    assert router.question.progress.text() == "Question 1 of 9"
    assert [b.isChecked() for b in router.question.answer_buttons] == [False, False, True, False]
    tap(router.question.answer_buttons[0])
    assert router.session.check is not None
    assert router.session.check.choices[0] == 0
    tap(router.question.back_button)
    tap(router.question.back_button)  # from the first question: back to the intro
    assert window.stack.currentWidget() is router.check_intro
    assert router.session.check is None


def test_leave_at_any_question_erases_and_goes_home(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    _open_check(router, "phq9")
    for choice in (3, 2, 1):
        tap(router.question.answer_buttons[choice])
    tap(router.question.leave_button)
    assert router.current_name() == "home"
    assert router.session.check is None
    assert not router.question.question.text()


def test_a_double_tap_answers_only_one_question(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(
        timing=Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=60_000)
    )
    _open_check(router, "phq9")
    router.question._shown_for.invalidate()  # the first question has been read
    tap(router.question.answer_buttons[1])
    tap(router.question.answer_buttons[1])  # lands as question 2 appears: a bounce
    assert router.session.check is not None
    assert router.session.check.choices[:2] == [1, None]
    assert router.question.progress.text() == "Question 2 of 9"


def test_the_staff_webhook_gets_exactly_one_post_without_answers(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received):
        alerter = StaffAlerter(StaffAlerts(webhook_url=url), "Front room", retry_delays=(0.0,))
        window, router = kiosk_ui(alerter=alerter)
        _open_check(router, "phq9")
        _answer_all(router, [2, 1, 0, 1, 0, 3, 0, 1, 2], follow_up=2)
        assert window.stack.currentWidget() is router.support
        assert received.arrived.wait(timeout=30)
        tap(router.support.continue_button)
        tap(router.result.done_button)
        alerter.shutdown()
    assert received.attempts == 1
    assert len(received.bodies) == 1
    assert set(received.bodies[0]) == {"event", "kiosk", "time"}
    assert received.bodies[0]["kiosk"] == "Front room"
    assert alerter.log.unacknowledged == [received.bodies[0]["time"]]


def test_a_safety_answer_without_alert_settings_still_shows_support(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(alerter=None)
    _open_check(router, "phq9")
    _answer_all(router, [0] * 8 + [2])
    assert window.stack.currentWidget() is router.support


def test_done_leaves_no_answer_in_any_widget_or_file(
    kiosk_ui,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    window, router = kiosk_ui()
    instrument = _open_check(router, "phq9")
    choices = [3, 2, 3, 1, 2, 3, 2, 1, 0]
    _answer_all(router, choices, follow_up=3)
    result_texts = [router.result.band.text(), router.result.score_line.text()]
    tap(router.result.done_button)

    assert router.current_name() == "home"
    assert router.session.check is None
    # Walk every widget: nothing chosen, no result, no question left behind.
    private = {*result_texts, *(item.text for item in instrument.items)}
    for button in window.findChildren(QAbstractButton):
        assert not button.isChecked(), button.text()
    for label in window.findChildren(QLabel):
        assert not any(p and p in label.text() for p in private), label.text()
    # Nothing on disk or in the log.
    answer_words = [o.label for o in instrument.options] + result_texts
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            assert not any(word in content for word in answer_words), path
    assert not any(word in caplog.text for word in answer_words)
