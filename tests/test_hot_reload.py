"""Content that changes while the kiosk runs: debounced, validated off the GUI thread,
swapped in only when valid and only at a safe moment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk.cli import _fallback_pack
from kiosk.content_watch import ContentWatcher, fingerprint
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.last_good import keep_last_good, last_good_dir
from kiosk.loader import load_pack

from .helpers import tap, visible_labels

CALM = GuardTiming(idle_ms=600_000, warning_ms=600_000)


def _rename_clinic(pack_dir: Path, old: str, new: str) -> None:
    settings = pack_dir / "settings.yaml"
    settings.write_text(settings.read_text().replace(f"clinic_name: {old}", f"clinic_name: {new}"))


def _break(pack_dir: Path) -> None:
    settings = pack_dir / "settings.yaml"
    settings.write_text(settings.read_text().replace("clinic_name:", "clinic_nam:"))


def _unbreak(pack_dir: Path, name: str) -> None:
    settings = pack_dir / "settings.yaml"
    text = settings.read_text()
    text = text.replace("clinic_nam: KetaMD", f"clinic_name: {name}")
    settings.write_text(text)


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

    def counting_loader(folder: Path):  # type: ignore[no-untyped-def]
        loads.append(folder)
        return load_pack(folder)

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
    (pack_copy / ".git" / "index").write_text("x")
    assert fingerprint(pack_copy) == before
    (pack_copy / "en" / "ui.yaml").write_text((pack_copy / "en" / "ui.yaml").read_text() + "\n")
    assert fingerprint(pack_copy) != before


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
    assert (last_good_dir() / "settings.yaml").read_text().count("Garden Clinic") == 1


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
            topic.read_text().replace(
                "title: A different messenger in the brain", "title: A messenger in the brain"
            )
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
