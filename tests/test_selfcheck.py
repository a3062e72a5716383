"""Self-checks end to end by touch: questions, support screen, result, privacy."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.model import QuestionnaireScreen
from kiosk.router import Router, Timing

from .helpers import tap


def open_check(router: Router, screen_id: str) -> QuestionnaireScreen:
    """From the attract loop to the first question, by touch."""
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, f"tile-{screen_id}"))
    assert router.window.stack.currentWidget() is router.check_intro
    tap(router.check_intro.start_button)
    instrument = router.content.screens[screen_id]
    assert isinstance(instrument, QuestionnaireScreen)
    return instrument


def answer_all(router: Router, choices: list[int], follow_up: int = 1) -> list[int]:
    """Answer every item by touch, going on from the support screen whenever it shows.

    Returns the numbers of the questions the support screen followed.
    """
    support_after: list[int] = []
    for number, choice in enumerate(choices, start=1):
        assert router.window.stack.currentWidget() is router.question
        assert router.question.progress.text() == f"Question {number} of {len(choices)}"
        tap(router.question.answer_buttons[choice])
        if router.window.stack.currentWidget() is router.support:
            support_after.append(number)
            tap(router.support.continue_button)
    run = router.session.check
    if run is not None and run.is_follow_up():
        assert router.question.progress.text() == "One last question"
        assert not router.question.stem.isVisibleTo(router.question)
        tap(router.question.answer_buttons[follow_up])
    return support_after


PHQ9_CASES = {
    "all-zero": ([0] * 9, False),
    "item-9-several-days": ([0] * 8 + [1], True),
    "item-9-nearly-every-day": ([3] * 9, True),
    "severe-without-item-9": ([3] * 8 + [0], False),
    "mild-with-item-9": ([1, 1, 0, 1, 0, 0, 0, 0, 2], True),
}


@pytest.mark.parametrize("case", sorted(PHQ9_CASES))
def test_phq9_by_touch_shows_support_right_after_a_positive_item_9(kiosk_ui, case: str) -> None:  # type: ignore[no-untyped-def]
    choices, support_expected = PHQ9_CASES[case]
    window, router = kiosk_ui()
    instrument = open_check(router, "phq9")
    support_after = answer_all(router, choices)
    assert support_after == ([9] if support_expected else [])
    assert window.stack.currentWidget() is router.result
    total = sum(choices)
    band = next(b for b in instrument.bands if b.min <= total <= b.max)
    assert router.result.band.text() == band.label
    assert router.result.score_line.text() == f"Score: {total} out of 27"
    assert router.result.credit.text() == instrument.credit
    assert router.result.has_safety_note() is support_expected


def test_the_support_screen_comes_before_the_next_question(kiosk_ui, edit, pack_copy) -> None:  # type: ignore[no-untyped-def]
    """A safety item in the middle of a check: support first, then the check goes on."""
    from kiosk.loader import load_pack

    for language in ("en", "es"):
        edit(
            f"{language}/screens/quick-check.yaml",
            "  - id: low-mood\n",
            "  - id: low-mood\n    safety: true\n",
        )
    window, router = kiosk_ui(content=load_pack(pack_copy))
    open_check(router, "quick-check")
    tap(router.question.answer_buttons[1])  # "Yes" to the first question
    assert window.stack.currentWidget() is router.support
    assert router.support.continue_button.caption() == "Go on with the questions"
    assert router.support.leave_button.caption() == "Leave"
    tap(router.support.continue_button)
    assert window.stack.currentWidget() is router.question
    assert router.question.progress.text() == "Question 2 of 10"
    for _ in range(9):
        tap(router.question.answer_buttons[1])
    assert window.stack.currentWidget() is router.result, "support shows once per session"
    assert router.result.has_safety_note()


def test_quick_check_by_touch_with_several_yes_answers(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "quick-check")
    answer_all(router, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    assert window.stack.currentWidget() is router.result
    assert router.result.band.text() == "Several of these apply"
    assert "even after trying traditional antidepressant medications" in (
        router.result.message.text()
    )
    assert not router.result.has_safety_note()


def test_back_shows_and_changes_the_previous_answer(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "phq9")
    tap(router.question.answer_buttons[2])
    tap(router.question.back_button)
    assert router.question.progress.text() == "Question 1 of 9"
    assert [b.is_chosen() for b in router.question.answer_buttons] == [False, False, True, False]
    tap(router.question.answer_buttons[0])
    assert router.session.check is not None
    assert router.session.check.choices[0] == 0
    assert not any(b.is_chosen() for b in router.question.answer_buttons), "question 2 is new"
    tap(router.question.back_button)
    tap(router.question.back_button)  # from the first question: back to the intro
    assert window.stack.currentWidget() is router.check_intro
    assert router.session.check is None


def test_leave_at_any_question_erases_and_goes_home(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "phq9")
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
    open_check(router, "phq9")
    router.question._shown_for.invalidate()  # the first question has been read
    tap(router.question.answer_buttons[1])
    tap(router.question.answer_buttons[1])  # lands as question 2 appears: a bounce
    assert router.session.check is not None
    assert router.session.check.choices[:2] == [1, None]
    assert router.question.progress.text() == "Question 2 of 9"


def test_a_safety_answer_without_alert_settings_still_shows_support(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(alerter=None)
    open_check(router, "phq9")
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[2])
    assert window.stack.currentWidget() is router.support


def test_done_leaves_no_answer_in_any_widget_or_file(
    kiosk_ui,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    window, router = kiosk_ui()
    instrument = open_check(router, "phq9")
    choices = [3, 2, 3, 1, 2, 3, 2, 1, 0]
    answer_all(router, choices, follow_up=3)
    result_texts = [router.result.band.text(), router.result.score_line.text()]
    tap(router.result.done_button)

    assert router.current_name() == "home"
    assert router.session.check is None
    # Walk every widget: nothing chosen, no result, no question left behind.
    private = {*result_texts, *(item.text for item in instrument.items)}
    for button in window.findChildren(QAbstractButton):
        assert not button.isChecked(), button.text()
        assert not button.property("chosen"), button.accessibleName()
    for label in window.findChildren(QLabel):
        assert not any(p and p in label.text() for p in private), label.text()
    # Nothing on disk or in the log.
    answer_words = [o.label for o in instrument.options] + result_texts
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            assert not any(word in content for word in answer_words), path
    assert not any(word in caplog.text for word in answer_words)
