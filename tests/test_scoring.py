"""Scoring from content alone, checked over every kind of answer vector (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.loader import load_pack
from kiosk.model import QuestionnaireScreen
from kiosk.paths import bundled_content_dir
from kiosk.scoring import band_for, needs_follow_up, safety_triggered, score
from kiosk.session import CheckRun, Session, Step

_PACK = load_pack(bundled_content_dir())


def _instrument(sid: str) -> QuestionnaireScreen:
    screen = _PACK.language("en").screens[sid]
    assert isinstance(screen, QuestionnaireScreen)
    return screen


PHQ9 = _instrument("phq9")
QUICK = _instrument("quick-check")
PHQ9_BANDS = [
    (0, 4, "None–minimal"),
    (5, 9, "Mild"),
    (10, 14, "Moderate"),
    (15, 19, "Moderately severe"),
    (20, 27, "Severe"),
]

phq9_answers = st.lists(st.integers(0, 3), min_size=9, max_size=9)
quick_answers = st.lists(st.integers(0, 1), min_size=10, max_size=10)


@given(phq9_answers)
def test_phq9_total_is_the_sum_and_the_band_is_exact(answers: list[int]) -> None:
    result = score(PHQ9, answers)
    assert result.total == sum(answers)  # option index == points on the PHQ-9
    assert result.max_total == 27
    expected = next(label for low, high, label in PHQ9_BANDS if low <= result.total <= high)
    assert result.band.label == expected


@given(phq9_answers)
def test_phq9_safety_if_and_only_if_item_9_is_above_zero(answers: list[int]) -> None:
    assert score(PHQ9, answers).safety is (answers[8] > 0)


@given(phq9_answers)
def test_phq9_difficulty_question_only_when_any_item_is_above_zero(answers: list[int]) -> None:
    assert needs_follow_up(PHQ9, answers) is any(a > 0 for a in answers)


@pytest.mark.parametrize(("low", "high", "label"), PHQ9_BANDS)
def test_phq9_band_boundaries(low: int, high: int, label: str) -> None:
    assert band_for(PHQ9, low).label == label
    assert band_for(PHQ9, high).label == label
    if low > 0:
        assert band_for(PHQ9, low - 1).label != label
    if high < 27:
        assert band_for(PHQ9, high + 1).label != label


@given(quick_answers)
def test_quick_check_counts_yes_answers(answers: list[int]) -> None:
    result = score(QUICK, answers)
    assert result.total == sum(answers)
    assert result.safety is (answers[9] == 1), "only 'Feeling life isn't worth living' alerts"
    several = result.total >= 3
    assert ("worth discussing" in result.band.message) is several


def test_quick_check_options_are_no_then_yes() -> None:
    assert [(o.label, o.score) for o in QUICK.options] == [("No", 0), ("Yes", 1)]
    assert [item.safety for item in QUICK.items].count(True) == 1


def test_incomplete_or_impossible_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="answers for"):
        score(PHQ9, [0] * 8)
    with pytest.raises(ValueError, match="not one of the options"):
        score(PHQ9, [0] * 8 + [4])


def test_safety_counts_answers_given_so_far() -> None:
    assert safety_triggered(PHQ9, [None] * 8 + [1]) is True
    assert safety_triggered(PHQ9, [None] * 9) is False


@given(phq9_answers, st.integers(0, 3))
def test_a_run_asks_every_item_then_the_follow_up_when_needed(
    answers: list[int], difficulty: int
) -> None:
    run = CheckRun("phq9", PHQ9)
    for answer in answers:
        assert run.step() is Step.ITEM
        run.answer(answer)
    if any(answers):
        assert run.step() is Step.FOLLOW_UP
        run.answer(difficulty)
        assert run.follow_up_choice == difficulty
    assert run.is_finished()
    assert run.result().total == sum(answers)


def test_back_changes_an_answer_and_skips_a_follow_up_no_longer_needed() -> None:
    run = CheckRun("phq9", PHQ9)
    for _ in range(8):
        run.answer(0)
    assert run.answer(1) is Step.FOLLOW_UP
    assert run.back()  # back to item 9
    assert run.current_choice() == 1
    assert run.answer(0) is Step.FINISHED, "all zero: no difficulty question"
    assert run.back()
    assert run.position == 8
    while run.back():
        pass
    assert run.position == 0


def test_clearing_a_session_erases_the_answers() -> None:
    session = Session()
    run = session.start_check("phq9", PHQ9)
    for answer in (3, 2, 1):
        run.answer(answer)
    kept = run.choices
    session.clear()
    assert session.check is None
    assert kept == [], "the list itself is emptied, not just dropped"
    assert session.safety_flagged is False


def test_back_from_the_result_returns_to_the_follow_up_question() -> None:
    run = CheckRun("phq9", PHQ9)
    for _ in range(9):
        run.answer(1)
    assert run.answer(2) is Step.FINISHED
    assert run.back()
    assert run.step() is Step.FOLLOW_UP
    assert run.current_choice() == 2
    assert run.back()
    assert (run.step(), run.position) == (Step.ITEM, 8)


def test_an_unfinished_run_has_no_result() -> None:
    run = CheckRun("phq9", PHQ9)
    for _ in range(8):
        run.answer(0)
    with pytest.raises(ValueError, match="^the check is not finished$"):
        run.result()
    run.answer(1)
    with pytest.raises(ValueError, match="^the check is not finished$"):
        run.result()  # the follow-up question is still to come


def test_an_erased_run_is_back_at_the_start_with_nothing_kept() -> None:
    run = CheckRun("phq9", PHQ9)
    for _ in range(9):
        run.answer(2)
    run.answer(1)
    run.erase()
    assert (run.choices, run.follow_up_choice, run.position) == ([], None, 0)


def test_a_total_outside_every_band_is_named() -> None:
    with pytest.raises(ValueError, match="^no band holds the total 28$"):
        band_for(PHQ9, 28)


def test_a_follow_up_asked_always_comes_after_all_zero_answers_too() -> None:
    assert PHQ9.follow_up is not None
    always = PHQ9.model_copy(
        update={"follow_up": PHQ9.follow_up.model_copy(update={"ask_when": "always"})}
    )
    assert needs_follow_up(always, [0] * 9)
    assert not needs_follow_up(PHQ9, [0] * 9)
    assert not needs_follow_up(QUICK, [1] * 10), "no follow-up question: never asked"


def test_an_answer_that_is_not_one_of_the_options_is_refused_and_not_recorded() -> None:
    """A choice one past the last option (a stale button, a bad index) must never be
    stored: the score and the safety rule read every stored choice."""
    run = CheckRun("phq9", PHQ9)
    with pytest.raises(ValueError, match="^no option 4$"):
        run.answer(len(PHQ9.options))
    with pytest.raises(ValueError, match="^no option -1$"):
        run.answer(-1)
    assert run.choices[0] is None
    for _ in PHQ9.items:
        run.answer(1)
    assert run.step() is Step.FOLLOW_UP
    assert PHQ9.follow_up is not None
    with pytest.raises(ValueError, match="^no follow-up option 4$"):
        run.answer(len(PHQ9.follow_up.options))
    assert run.follow_up_choice is None


def test_answering_with_no_check_under_way_says_so() -> None:
    with pytest.raises(RuntimeError, match="^no self-check is under way$"):
        Session().answer(0)
