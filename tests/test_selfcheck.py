"""Self-checks end to end by touch: questions, support screen, result, privacy."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.alert_watch import AlertWatch
from kiosk.alerts import StaffAlerter
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.heartbeat import Heartbeat
from kiosk.logs import configure_logging
from kiosk.machine import load_machine_config
from kiosk.model import QuestionnaireScreen
from kiosk.router import Router, Timing
from kiosk.unattended import keep_unattended
from kiosk.validation import load_for_showing
from kiosk.views.window import KioskWindow

from .helpers import tap
from .webhook import Received, webhook_server


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


@dataclass
class RunningKiosk:
    """A kiosk put together as ``kiosk run`` does, writing to its own folders."""

    window: KioskWindow
    router: Router
    guard: KioskGuard
    heartbeat: Heartbeat
    alerter: StaffAlerter
    received: Received
    folders: dict[str, Path]
    snapshot: Path
    pack_dir: Path


@pytest.fixture
def running_kiosk(kiosk_ui, private_state: Path, pack_copy: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The log file, this machine's kiosk.yaml (staff alerts to a real receiver), the
    checked snapshot of the pack, the heartbeat's status and metrics and the usage
    counts: every folder the kiosk keeps something in, as on a clinic's machine."""
    folders = {
        "state": private_state,
        "log": tmp_path / "log",
        "config": tmp_path / "config" / "ketamd-kiosk",
        "metrics": tmp_path / "metrics",
    }
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    with webhook_server() as (url, received):
        folders["config"].mkdir(parents=True)
        folders["metrics"].mkdir()
        (folders["config"] / "kiosk.yaml").write_text(
            "kiosk_name: Front room\n"
            f"metrics_textfile: {folders['metrics'] / 'kiosk.prom'}\n"
            "staff_alerts:\n"
            f"  urls: [{url.replace('http://', 'json://', 1)}]\n",
            encoding="utf-8",
        )
        configure_logging()
        config = load_machine_config()
        pack = load_for_showing(pack_copy)
        alerter = StaffAlerter(config.staff_alerts, "Front room")
        window, router = kiosk_ui(content=pack, alerter=alerter)
        guard = KioskGuard(
            router,
            GuardTiming.from_settings(pack),
            kiosk_mode=True,
            reload_content=lambda: load_for_showing(pack_copy),
            alerter=alerter,
            alert_watch=router.findChild(AlertWatch),
        )
        unattended = keep_unattended(router, guard, alerter, config, "Front room")
        try:
            unattended.heartbeat.beat()
            yield RunningKiosk(
                window,
                router,
                guard,
                unattended.heartbeat,
                alerter,
                received,
                folders,
                pack.root,
                pack_copy,
            )
        finally:
            unattended.heartbeat.stopped_cleanly("end of test")
            guard.shutdown()
            alerter.shutdown()
            for handler in [h for h in root.handlers if h not in handlers]:
                root.removeHandler(handler)
                handler.close()
            root.setLevel(level)


SAFETY_CHOICES = [3, 2, 3, 1, 2, 3, 2, 1, 2]  # item 9: "More than half the days"


def _phq9_with_a_safety_answer(kiosk: RunningKiosk) -> list[str]:
    """The whole PHQ-9 by touch, a safety answer at item 9, up to the result; returns
    what the result showed (its band and score line)."""
    router = kiosk.router
    open_check(router, "phq9")
    assert answer_all(router, SAFETY_CHOICES, follow_up=3) == [9]
    assert kiosk.received.arrived.wait(timeout=10), "the staff alert went out"
    assert router.window.stack.currentWidget() is router.result
    total = sum(SAFETY_CHOICES)
    assert router.result.score_line.text() == f"Score: {total} out of 27"
    return [router.result.band.text(), router.result.score_line.text()]


def _patients_words(instrument: QuestionnaireScreen, result_texts: list[str]) -> list[str]:
    """Everything that would tell what this patient answered or scored."""
    follow_up = instrument.follow_up
    return [
        *result_texts,
        *(option.label for option in instrument.options),
        *(item.text for item in instrument.items),
        *([follow_up.text, *follow_up.options] if follow_up else []),
    ]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_no_log_record_tells_what_a_patient_answered_or_scored(running_kiosk) -> None:  # type: ignore[no-untyped-def]
    """Every record logged at any level, from the first question to Done, with a safety
    answer and a staff alert on the way: no total, band, answer or question in any."""
    kiosk = running_kiosk
    records = Records()
    root = logging.getLogger()
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    try:
        instrument = kiosk.router.content.screens["phq9"]
        result_texts = _phq9_with_a_safety_answer(kiosk)
        tap(kiosk.router.result.done_button)
        kiosk.alerter.shutdown()  # whatever delivery logs is logged by now
    finally:
        root.removeHandler(records)
    assert isinstance(instrument, QuestionnaireScreen)
    assert records.records, "the kiosk logs events on this way (else nothing is checked)"
    words = _patients_words(instrument, result_texts)
    total = sum(SAFETY_CHOICES)
    # The total as a number of its own (a temporary folder such as "pytest-19" is not, and
    # neither is the time in a staff alert: "19:00" failed this test between 19:00 and 20:00).
    total_alone = re.compile(rf"(?<![\w./-]){total}(?![\w.])")
    clock_time = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
    for record in records.records:
        message = record.getMessage()
        assert not any(word in message for word in words), message
        assert not total_alone.search(clock_time.sub("", message)), message
        args = record.args
        values = list(args.values()) if isinstance(args, dict) else list(args or ())
        for value in values:
            assert value != total, message
            assert value not in (SAFETY_CHOICES, tuple(SAFETY_CHOICES)), message


def test_done_leaves_no_answer_in_any_widget_or_file(running_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = running_kiosk
    window, router = kiosk.window, kiosk.router
    instrument = router.content.screens["phq9"]
    assert isinstance(instrument, QuestionnaireScreen)
    result_texts = _phq9_with_a_safety_answer(kiosk)
    kiosk.heartbeat.beat()  # the status and metrics, written while the result is shown
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
    # Nothing in any folder the kiosk writes to (each has something in it, or this
    # would check nothing); the snapshot holds the pack's own files and nothing else.
    assert kiosk.snapshot.is_relative_to(kiosk.folders["state"])
    assert any(kiosk.snapshot.rglob("*.yaml")), "the snapshot is checked too"
    words = _patients_words(instrument, result_texts)
    for name, folder in kiosk.folders.items():
        files = [path for path in folder.rglob("*") if path.is_file()]
        assert files, f"nothing was written to the {name} folder"
        for path in files:
            if path.is_relative_to(kiosk.snapshot):
                original = kiosk.pack_dir / path.relative_to(kiosk.snapshot)
                assert path.read_bytes() == original.read_bytes(), path
                continue
            content = path.read_bytes().decode("utf-8", errors="replace")
            assert not any(word in content for word in words), path


def test_the_result_names_itself_the_check_and_done_and_shows_its_picture(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    instrument = open_check(router, "phq9")
    answer_all(router, [0] * 9)
    ui, pack = router.content.ui, router.pack
    assert router.result.heading.text() == f"{ui.result_heading} · {instrument.title}"
    assert router.result.done_button.caption() == ui.done
    assert router.result.next_step.text() == instrument.next_step
    assert router.result.image._path == pack.image_path(instrument.image)
    assert router.result.image.isVisibleTo(router.result)


def test_after_a_safety_answer_the_result_shows_the_support_picture_kept_for_later(
    kiosk_ui,
) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    open_check(router, "phq9")
    answer_all(router, [0] * 8 + [1])
    support = router.content.support
    assert router.result.image._path == router.pack.image_path(support.image)
    assert support.result_note is not None
    assert router.result.next_step.text() == support.result_note.next_step


def test_a_pack_without_a_result_note_repeats_the_support_screen_on_the_result(  # type: ignore[no-untyped-def]
    kiosk_ui, pack_copy: Path
) -> None:
    """Packs written before result notes: the patient still reads the support screen's
    title and its words, with its first paragraph (the front desk) as the next step."""
    from kiosk.loader import load_pack

    support_file = pack_copy / "en" / "support.yaml"
    text = support_file.read_text(encoding="utf-8")
    start = text.index("result_note:")
    end = text.index("talk_label:")
    support_file.write_text(text[:start] + text[end:], encoding="utf-8")
    older = load_pack(pack_copy)
    window, router = kiosk_ui(content=older)
    open_check(router, "phq9")
    answer_all(router, [0] * 8 + [2])
    support = older.language().support
    assert support.result_note is None
    assert router.result.has_safety_note()
    assert router.result.note_title.text() == support.title
    shown = [p.text() for p in router.result._note_paragraphs if p.isVisibleTo(router.result)]
    assert shown == [*support.paragraphs[1:], *support.bullets]
    assert router.result.next_step.text() == support.paragraphs[0]


def test_the_support_screen_goes_on_with_the_questions_or_to_the_result(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    """Its button says where it leads: the PHQ-9's last question still follows item 9;
    the quick check's safety item is its last."""
    window, router = kiosk_ui()
    support = router.content.support
    open_check(router, "phq9")
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    assert window.stack.currentWidget() is router.support
    assert router.support.continue_button.caption() == support.continue_check_label
    assert router.support.image._path == router.pack.image_path(support.image)
    router.end_session()
    tap(router.home.findChild(QAbstractButton, "tile-quick-check"))
    tap(router.check_intro.start_button)
    for _ in range(9):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[1])
    assert window.stack.currentWidget() is router.support
    assert router.support.continue_button.caption() == support.continue_label


def test_a_pack_without_follow_up_words_shows_no_progress_line_there(  # type: ignore[no-untyped-def]
    kiosk_ui, edit, pack_copy
) -> None:
    """Never "Question 10 of 9", nor anything made up: a pack written before
    follow_up_progress shows the unscored last question with no progress line."""
    from kiosk.loader import load_pack

    edit("en/ui.yaml", "follow_up_progress: One last question\n", "")
    window, router = kiosk_ui(content=load_pack(pack_copy))
    open_check(router, "phq9")
    tap(router.question.answer_buttons[1])  # a problem "Several days": the follow-up is asked
    for _ in range(8):
        tap(router.question.answer_buttons[0])
    assert router.shown == "phq9:question", "the follow-up question"
    assert router.question.progress.text() == ""
    assert not router.question.progress.isVisibleTo(window)
