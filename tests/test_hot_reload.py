"""Content that changes while the kiosk runs: debounced, validated off the GUI thread,
swapped in only when valid and only at a safe moment."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton

from kiosk.cli import _fallback_pack
from kiosk.content_watch import ContentWatcher, Fingerprint, fingerprint
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.last_good import keep_last_good, last_good_dir
from kiosk.loader import load_pack

from .helpers import tap, visible_labels

CALM = GuardTiming(idle_ms=600_000, warning_ms=600_000)


def _rename_clinic(pack_dir: Path, old: str, new: str) -> None:
    settings = pack_dir / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(f"clinic_name: {old}", f"clinic_name: {new}"),
        encoding="utf-8",
    )


def _counting_loader(loads: list[Path]):  # type: ignore[no-untyped-def]
    """load_pack, noting in ``loads`` each folder it reads."""

    def load(folder: Path):  # type: ignore[no-untyped-def]
        loads.append(folder)
        return load_pack(folder)

    return load


def _break(pack_dir: Path) -> None:
    settings = pack_dir / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("clinic_name:", "clinic_nam:"),
        encoding="utf-8",
    )


def _unbreak(pack_dir: Path, name: str) -> None:
    settings = pack_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("clinic_nam: KetaMD", f"clinic_name: {name}")
    settings.write_text(text, encoding="utf-8")


@pytest.fixture
def watcher(pack_copy: Path, qtbot):  # type: ignore[no-untyped-def]
    made = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60)
    made.start()
    yield made
    made.stop()


def test_a_valid_edit_arrives_as_a_new_pack(watcher, pack_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watcher.pack_ready, timeout=10_000) as ready:
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
    assert ready.args[0].settings.clinic_name == "Garden Clinic"


def test_a_broken_edit_is_rejected_with_file_and_line(watcher, pack_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watcher.pack_rejected, timeout=10_000) as rejected:
        _break(pack_copy)
    assert any(
        line.startswith(f"{pack_copy / 'settings.yaml'}:3: unknown key")
        for line in rejected.args[0]
    )


def test_a_pack_still_being_written_is_read_once_it_is_still(pack_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    loads: list[Path] = []
    counting_loader = _counting_loader(loads)

    watcher = ContentWatcher(pack_copy, poll_ms=60_000, settle_ms=150, loader=counting_loader)
    try:
        _rename_clinic(pack_copy, "KetaMD", "Step One")
        watcher.check_now()
        _rename_clinic(pack_copy, "Step One", "Step Two")  # the writer is not done yet
        watcher.check_now()
        with qtbot.waitSignal(watcher.pack_ready, timeout=10_000) as ready:
            pass
        assert ready.args[0].settings.clinic_name == "Step Two"
        assert len(loads) == 1
    finally:
        watcher.stop()


def test_the_fingerprint_sees_edits_and_ignores_hidden_folders(pack_copy: Path) -> None:
    before = fingerprint(pack_copy)
    (pack_copy / ".git").mkdir()
    (pack_copy / ".git" / "index").write_text("x", encoding="utf-8")
    assert fingerprint(pack_copy) == before
    (pack_copy / "en" / "ui.yaml").write_text(
        (pack_copy / "en" / "ui.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert fingerprint(pack_copy) != before


class Share:
    """The share that holds the content folder. Taken down, it stops answering: a look
    started meanwhile blocks until it comes back, as ``os.stat`` does on an offline share."""

    def __init__(self) -> None:
        self.up = threading.Event()
        self.up.set()
        self.reads_first = False
        self._lock = threading.Lock()
        self.looks = 0  # looks started
        self.waiting = 0  # looks blocked or under way right now
        self.most_at_once = 0

    def go_down(self, after_reading: bool = False) -> None:
        """``after_reading``: a look reads the folder, then hangs; its answer is stale."""
        self.reads_first = after_reading
        self.up.clear()

    def come_back(self) -> None:
        self.up.set()

    def __call__(self, folder: Path) -> Fingerprint:
        read_early = fingerprint(folder) if self.reads_first else None
        with self._lock:
            self.looks += 1
            self.waiting += 1
            self.most_at_once = max(self.most_at_once, self.waiting)
        try:
            self.up.wait(timeout=60)  # a safety net: no test leaves a thread for ever
            return fingerprint(folder) if read_early is None else read_early
        finally:
            with self._lock:
                self.waiting -= 1


@pytest.fixture
def share() -> Iterator[Share]:
    made = Share()
    yield made
    made.come_back()  # whatever the test did, no look stays blocked after it


def _event_loop_turns(qtbot, turns: int) -> None:  # type: ignore[no-untyped-def]
    """Proof that the GUI thread is free: a 10 ms timer fires ``turns`` times."""
    fired: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: fired.append(1))
    timer.start(10)
    try:
        qtbot.waitUntil(lambda: len(fired) >= turns, timeout=5_000)
    finally:
        timer.stop()


def test_a_share_that_does_not_answer_never_freezes_the_screen(
    pack_copy: Path, share: Share, qtbot
) -> None:  # type: ignore[no-untyped-def]
    share.go_down()
    began = time.monotonic()
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, scan=share)
    try:
        watcher.start()
        watcher.check_now()
        assert time.monotonic() - began < 1.0, "made, started and polled without waiting"
        qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)
        asked = time.monotonic()
        watcher.check_now()
        assert time.monotonic() - asked < 0.5, "check_now() returns while the look hangs"
        _event_loop_turns(qtbot, 10)  # across several polls, each of them skipped
        assert share.waiting == 1, "the look still hangs: the screen went on without it"
    finally:
        watcher.stop()


def test_no_second_look_starts_while_one_hangs(pack_copy: Path, share: Share, qtbot) -> None:  # type: ignore[no-untyped-def]
    share.go_down()
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, scan=share)
    try:
        watcher.start()
        qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)
        for _ in range(5):
            watcher.check_now()
        _event_loop_turns(qtbot, 10)  # the poll fires several times meanwhile
        assert (share.looks, share.most_at_once) == (1, 1)
    finally:
        watcher.stop()


def test_when_the_share_answers_again_a_change_is_noticed_and_validated(
    pack_copy: Path, share: Share, qtbot
) -> None:  # type: ignore[no-untyped-def]
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, scan=share)
    try:
        watcher.start()
        qtbot.waitUntil(lambda: share.looks >= 2, timeout=5_000)  # a baseline, then a poll
        share.go_down()
        qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
        with qtbot.waitSignal(watcher.pack_ready, timeout=10_000) as ready:
            share.come_back()
        assert ready.args[0].settings.clinic_name == "Garden Clinic"
        assert share.most_at_once == 1
    finally:
        watcher.stop()


def test_a_share_that_does_not_answer_is_reported_once_and_again_when_it_answers(
    pack_copy: Path, share: Share, qtbot, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="kiosk.content_watch")
    share.go_down()
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, unresponsive_ms=100, scan=share)
    told: list[bool] = []
    watcher.folder_unresponsive.connect(told.append)
    try:
        assert watcher.responding
        with qtbot.waitSignal(watcher.folder_unresponsive, timeout=5_000):
            watcher.start()
        assert not watcher.responding
        for _ in range(5):
            watcher.check_now()
        _event_loop_turns(qtbot, 10)  # many more skipped polls
        with qtbot.waitSignal(watcher.folder_unresponsive, timeout=5_000):
            share.come_back()
        assert watcher.responding
        assert told == [True, False]
        said = [(r.levelno, r.getMessage()) for r in caplog.records]
        assert [level for level, text in said if "has not answered for" in text] == [
            logging.WARNING
        ]
        assert [level for level, text in said if "answers again" in text] == [logging.INFO]
        assert all(str(pack_copy) in text for _, text in said if "answer" in text)
    finally:
        watcher.stop()


def test_stop_returns_at_once_while_a_look_hangs(pack_copy: Path, share: Share, qtbot) -> None:  # type: ignore[no-untyped-def]
    share.go_down()
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, scan=share)
    watcher.start()
    qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)
    began = time.monotonic()
    watcher.stop()
    assert time.monotonic() - began < 1.0
    assert share.waiting == 1, "the look is left behind, still blocked"
    looks = [t for t in threading.enumerate() if t.name == "content-scan"]
    assert looks, "the blocked look's thread"
    assert all(t.daemon for t in looks), "a blocked look can never hold up the kiosk's exit"


def test_a_change_made_before_the_first_look_answers_is_not_lost(
    pack_copy: Path, share: Share, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The kiosk read its content, then the watcher's first look hangs on a slow share; an
    edit lands meanwhile, so the first look already sees it: it is still a change."""
    share.go_down()
    watcher = ContentWatcher(pack_copy, poll_ms=20, settle_ms=60, scan=share)
    try:
        watcher.start()
        qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
        with qtbot.waitSignal(watcher.pack_ready, timeout=10_000) as ready:
            share.come_back()
        assert ready.args[0].settings.clinic_name == "Garden Clinic"
    finally:
        watcher.stop()


def test_the_first_look_is_not_mistaken_for_a_change(pack_copy: Path, share: Share, qtbot) -> None:  # type: ignore[no-untyped-def]
    loads: list[Path] = []
    counting_loader = _counting_loader(loads)

    watcher = ContentWatcher(
        pack_copy, poll_ms=20, settle_ms=60, loader=counting_loader, scan=share
    )
    try:
        watcher.start()
        # Twenty looks take longer than a settle and its confirming look would.
        qtbot.waitUntil(lambda: share.looks >= 20, timeout=10_000)
        assert loads == []
    finally:
        watcher.stop()


def test_a_look_asked_for_while_one_hangs_is_taken_when_it_answers(
    pack_copy: Path, share: Share, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """No poll runs here: only the look asked for during the hang can see the edit."""
    watcher = ContentWatcher(pack_copy, poll_ms=60_000, settle_ms=60, scan=share)
    try:
        qtbot.waitUntil(lambda: share.looks == 1 and share.waiting == 0, timeout=5_000)
        _event_loop_turns(qtbot, 1)  # the baseline arrives
        share.go_down(after_reading=True)
        watcher.check_now()
        qtbot.waitUntil(lambda: share.waiting == 1, timeout=5_000)  # read, then hung
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
        watcher.check_now()  # skipped for now, not forgotten
        with qtbot.waitSignal(watcher.pack_ready, timeout=10_000) as ready:
            share.come_back()  # with an answer from before the edit
        assert ready.args[0].settings.clinic_name == "Garden Clinic"
    finally:
        watcher.stop()


def test_nothing_is_read_before_the_folder_has_been_still_for_settle_ms(
    pack_copy: Path, share: Share, qtbot
) -> None:  # type: ignore[no-untyped-def]
    loads: list[Path] = []
    counting_loader = _counting_loader(loads)

    watcher = ContentWatcher(
        pack_copy, poll_ms=20, settle_ms=60_000, loader=counting_loader, scan=share
    )
    try:
        watcher.start()
        qtbot.waitUntil(lambda: share.looks >= 2, timeout=5_000)
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
        edited_at = share.looks
        # Many polls see the same, finished edit; a minute has not passed.
        qtbot.waitUntil(lambda: share.looks >= edited_at + 10, timeout=10_000)
        assert loads == []
    finally:
        watcher.stop()


@pytest.fixture
def running_kiosk(kiosk_ui, pack_copy: Path, watcher):  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(content=load_pack(pack_copy))
    guard = KioskGuard(
        router,
        CALM,
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        content_watcher=watcher,
    )
    yield window, router, guard
    guard.watcher.shutdown()


def test_good_then_bad_then_good(running_kiosk, pack_copy: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = running_kiosk
    watcher = guard.content_watcher
    router.show_home()
    with qtbot.waitSignal(watcher.pack_rejected, timeout=10_000):
        _break(pack_copy)
    assert router.pack.settings.clinic_name == "KetaMD", "the last good content stays"
    assert router.home.clinic.text() == "KetaMD"
    assert any("unknown key 'clinic_nam'" in line for line in guard.status().content_problems)
    with qtbot.waitSignal(watcher.pack_ready, timeout=10_000):
        _unbreak(pack_copy, "Garden Clinic")
    assert router.pack.settings.clinic_name == "Garden Clinic"
    assert router.home.clinic.text() == "Garden Clinic"
    assert router.current_name() == "home", "a patient on the menu stays on the menu"
    assert guard.status().content_problems == []
    assert (last_good_dir() / "settings.yaml").read_text(encoding="utf-8").count(
        "Garden Clinic"
    ) == 1


def test_a_change_during_a_self_check_waits_for_the_session_to_end(
    running_kiosk, pack_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window, router, guard = running_kiosk
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    tap(router.question.answer_buttons[2])
    with qtbot.waitSignal(guard.content_watcher.pack_ready, timeout=10_000):
        _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
    assert router.pack.settings.clinic_name == "KetaMD"
    assert guard.pending_pack is not None
    assert router.session.check is not None
    assert router.session.check.choices[0] == 2, "the patient's answers are untouched"
    tap(router.question.leave_button)
    assert router.pack.settings.clinic_name == "Garden Clinic"
    assert guard.pending_pack is None


def _texts(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text() for label in visible_labels(screen)]


def test_a_change_while_a_patient_reads_a_topic_waits_until_they_leave_it(
    running_kiosk, pack_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """A patient on the second page of a topic: the new content does not throw them back
    to the start; it is shown from the next safe moment (the home menu) on."""
    window, router, guard = running_kiosk
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-how-ketamine-works"))
    tap(router.explainer.next_button)
    shown = router.explainer.page
    assert shown is not None
    assert shown.title == "A different messenger in the brain"
    topic = pack_copy / "en" / "screens" / "how-ketamine-works.yaml"
    with qtbot.waitSignal(guard.content_watcher.pack_ready, timeout=10_000):
        topic.write_text(
            topic.read_text(encoding="utf-8").replace(
                "title: A different messenger in the brain", "title: A messenger in the brain"
            ),
            encoding="utf-8",
        )
    assert guard.pending_pack is not None, "kept for later"
    assert (router.current_name(), router.place.page) == ("how-ketamine-works", 1)
    assert router.explainer.page is shown, "the page read is left as it is"
    assert "A different messenger in the brain" in _texts(router.explainer)
    tap(router.explainer.home_button)
    assert guard.pending_pack is None
    assert router.current_name() == "home"
    tap(router.home.findChild(QAbstractButton, "tile-how-ketamine-works"))
    tap(router.explainer.next_button)
    assert "A messenger in the brain" in _texts(router.explainer)


def test_startup_falls_back_to_the_last_good_copy(pack_copy: Path) -> None:
    _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
    keep_last_good(load_pack(pack_copy))
    assert _fallback_pack().settings.clinic_name == "Garden Clinic"


def test_a_broken_pack_at_start_shows_the_last_good_copy(
    pack_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole start-up path: broken content, a kept copy, and the kiosk shows the copy."""
    from kiosk import cli

    _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
    keep_last_good(load_pack(pack_copy))
    _break(pack_copy)
    shown: list[object] = []

    def run_kiosk(pack, **options):  # type: ignore[no-untyped-def]
        shown.append((pack, options))
        return 0

    monkeypatch.setattr("kiosk.app.run_kiosk", run_kiosk)
    assert cli.main(["--content", str(pack_copy)]) == 0
    pack, options = shown[0]  # type: ignore[misc]
    assert pack.settings.clinic_name == "Garden Clinic"
    assert any("unknown key 'clinic_nam'" in line for line in options["content_problems"])


def test_a_good_start_keeps_the_copy_a_later_broken_start_shows(
    pack_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monday the kiosk starts with good content; Tuesday an editor's mistake is synced
    before it starts again: it shows Monday's content, not the bundled pack."""
    from kiosk import cli

    shown: list[tuple[Any, dict[str, Any]]] = []

    def run_kiosk(pack, **options):  # type: ignore[no-untyped-def]
        shown.append((pack, options))
        return 0

    monkeypatch.setattr("kiosk.app.run_kiosk", run_kiosk)
    _rename_clinic(pack_copy, "KetaMD", "Garden Clinic")
    assert cli.main(["--content", str(pack_copy)]) == 0
    monday = shown[-1][0]
    assert not monday.root.is_relative_to(pack_copy), "a checked copy is shown"
    _break(pack_copy)
    assert cli.main(["--content", str(pack_copy)]) == 0
    tuesday, options = shown[-1]
    assert tuesday.settings.clinic_name == "Garden Clinic"
    assert any("unknown key 'clinic_nam'" in line for line in options["content_problems"])


def test_startup_without_a_kept_copy_uses_the_bundled_pack() -> None:
    assert not last_good_dir().exists()
    assert _fallback_pack().settings.clinic_name == "KetaMD"
