"""What another clinic, in other languages, needs the format to say (and to explain)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint

from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack, validate_pack
from kiosk.pin import PinGuard, set_pin

from .helpers import tap
from .test_selfcheck import open_check

Edit = Callable[[str, str, str], Path]


def _messages(pack_dir: Path, file_name: str) -> list[str]:
    return [e.message for e in validate_pack(pack_dir) if e.file.name == file_name]


def test_a_language_can_give_the_clinic_its_own_name(  # type: ignore[no-untyped-def]
    kiosk_ui, edit: Edit, pack_copy: Path
) -> None:
    edit(
        "es/ui.yaml",
        "language_name: Español",
        "language_name: Español\nclinic_name: Clínica KetaMD",
    )
    window, router = kiosk_ui(content=load_pack(pack_copy))
    router.show_home()
    assert router.home.clinic.text() == "KetaMD"
    tap(window.access_bar.language)
    assert router.home.clinic.text() == "Clínica KetaMD"
    assert router.attract.clinic.text() == "Clínica KetaMD"
    tap(window.access_bar.language)
    assert router.home.clinic.text() == "KetaMD", "English keeps settings.yaml's name"


def test_a_key_in_the_wrong_file_says_where_it_belongs(edit: Edit, pack_copy: Path) -> None:
    edit("es/support.yaml", "title:", "clinic_name: Clínica KetaMD\ntitle:")
    assert _messages(pack_copy, "support.yaml") == [
        "unknown key 'clinic_name' here: it belongs in settings.yaml or each language's ui.yaml"
    ]


def test_a_key_at_the_wrong_level_says_under_what(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "default_language: en", "default_language: en\nseconds_per_slide: 8")
    assert _messages(pack_copy, "settings.yaml") == [
        "unknown key 'seconds_per_slide' here: it belongs in settings.yaml under 'attract'"
    ]


def test_a_typo_is_still_guessed_and_never_as_itself(edit: Edit, pack_copy: Path) -> None:
    edit("es/ui.yaml", "home_title:", "home_titel:")
    messages = _messages(pack_copy, "ui.yaml")
    assert "unknown key 'home_titel' (did you mean 'home_title'?)" in messages


def test_a_name_per_language_in_settings_says_where_each_goes(edit: Edit, pack_copy: Path) -> None:
    edit(
        "settings.yaml",
        "clinic_name: KetaMD",
        "clinic_name:\n  en: KetaMD\n  fr: Centre KetaMD",
    )
    assert _messages(pack_copy, "settings.yaml") == [
        "'clinic_name' should be text, not a text per language: this is the name for every "
        "language; to write it in a language's own words, add clinic_name to that "
        "language's ui.yaml"
    ]


def test_a_colon_and_a_block_get_different_advice(edit: Edit, pack_copy: Path) -> None:
    # In a list, "- Note: this" is read as a key and its value.
    edit("en/support.yaml", "paragraphs:\n  - ", "paragraphs:\n  - Note: this\n  - ")
    edit("en/ui.yaml", "next: Next", "next:\n  label: Next\n  size: large")
    assert _messages(pack_copy, "support.yaml") == [
        "'paragraphs[1]' should be text, but YAML read it as 'key: value' because of a "
        "colon; put the whole text in double quotes"
    ]
    assert _messages(pack_copy, "ui.yaml") == [
        "'next' should be text, not a block of keys; write the text on the same line, "
        "after the colon"
    ]


def _pack_without_safety_items(pack_copy: Path) -> Path:
    """The shipped pack with its one self-check turned into a check that asks nothing about
    safety, as a GAD-7-only clinic's would be, and no page with a talk button."""
    for language in ("en", "es"):
        screens = pack_copy / language / "screens"
        for sid in ("phq9", "suicidal-thoughts"):
            (screens / f"{sid}.yaml").unlink()
        quick = screens / "quick-check.yaml"
        text = quick.read_text(encoding="utf-8")
        quick.write_text(
            text.replace("    safety: true\n", "").replace("safety_min_score: 1\n", ""),
            encoding="utf-8",
        )
    settings = pack_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  - phq9\n", "").replace("  - suicidal-thoughts\n", ""), encoding="utf-8"
    )
    return pack_copy


def test_a_pack_without_safety_items_needs_no_support_screen(  # type: ignore[no-untyped-def]
    kiosk_ui, pack_copy: Path
) -> None:
    pack_dir = _pack_without_safety_items(pack_copy)
    for language in ("en", "es"):
        (pack_dir / language / "support.yaml").unlink()
    assert validate_pack(pack_dir) == []
    pack = load_pack(pack_dir)
    assert pack.language("es").support is None
    window, router = kiosk_ui(content=pack)
    open_check(router, "quick-check")
    for _ in range(10):
        tap(router.question.answer_buttons[1])  # "Yes" to every question
    assert router.shown == "quick-check:result", "every answer given, the result shows"


def test_a_safety_item_without_a_support_screen_names_the_self_check(pack_copy: Path) -> None:
    (pack_copy / "es" / "support.yaml").unlink()
    assert [(e.file.parent.name, e.message) for e in validate_pack(pack_copy)] == [
        (
            "es",
            "this file is missing: the self-check 'phq9' has a safety item, and a safety "
            "answer shows the support screen written here",
        )
    ]


def test_a_talk_button_without_a_support_screen_says_where_its_words_are(
    pack_copy: Path,
) -> None:
    help_page = (pack_copy / "en" / "screens" / "suicidal-thoughts.yaml").read_text(
        encoding="utf-8"
    )
    pack_dir = _pack_without_safety_items(pack_copy)
    (pack_dir / "en" / "support.yaml").unlink()
    (pack_dir / "en" / "screens" / "help.yaml").write_text(help_page, encoding="utf-8")
    messages = [e.message for e in validate_pack(pack_dir) if e.file.name == "support.yaml"]
    assert messages == [
        "this file is missing: a page of 'help' has talk_button, whose words ('talk_label') "
        "are written here"
    ]


def test_staff_screens_speak_the_clinics_own_language(  # type: ignore[no-untyped-def]
    kiosk_ui, edit: Edit, pack_copy: Path, private_state: Path
) -> None:
    """A clinic whose default language is Spanish: its staff read the PIN pad, the panel
    and the reset notice in Spanish, even after a patient switched to English."""
    edit("settings.yaml", "default_language: en", "default_language: es")
    set_pin("2468", private_state)
    window, router = kiosk_ui(content=load_pack(pack_copy))
    guard = KioskGuard(
        router,
        GuardTiming(idle_ms=600_000, warning_ms=600_000, staff_panel_ms=600_000),
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
        has_pin=lambda: True,
    )
    try:
        tap(router.attract)
        tap(window.access_bar.language)
        assert router.language == "en", "a patient chose English"
        for _ in range(5):
            tap(window, QPoint(window.width() - 5, 5))
        pad = guard.pin_pad
        assert pad.isVisible()
        assert pad.title.text() == "PIN del personal"
        assert pad.cancel_button.caption() == "Cancelar"
        assert pad.digit_buttons["⌫"].accessibleName() == "Borrar"
        for key in ("1", "1", "1", "1", "OK"):
            tap(pad.digit_buttons[key])
        assert pad.message.text() == "Ese PIN no es correcto. Quedan 4 intentos."
        for key in ("2", "4", "6", "8", "OK"):
            tap(pad.digit_buttons[key])
        panel = guard.staff
        assert panel.isVisible()
        assert panel.title.text() == "Panel del personal"
        assert panel.reset_button.caption() == "Reiniciar la sesión"
        status = panel.status.text()
        assert "Contenido: válido." in status
        assert "Las alertas al personal NO ESTÁN CONFIGURADAS" in status
        assert "Todas las alertas están vistas." in status
        assert "No hubo alertas desde que se inició el quiosco." in status
        assert "Carpeta del contenido: " in status
        tap(panel.reset_button)
        assert guard.toast.text.text() == "El quiosco se reinició."
    finally:
        guard.shutdown()


def test_a_pack_without_staff_texts_keeps_them_in_english(  # type: ignore[no-untyped-def]
    kiosk_ui, pack_copy: Path, private_state: Path
) -> None:
    window, router = kiosk_ui(content=load_pack(pack_copy))
    guard = KioskGuard(
        router,
        GuardTiming(idle_ms=600_000, warning_ms=600_000, staff_panel_ms=600_000),
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
        has_pin=lambda: False,
    )
    try:
        tap(router.attract)
        tap(window.access_bar.language)  # a patient reading Spanish changes nothing for staff
        guard.open_pin_pad()
        assert guard.pin_pad.title.text() == "Staff PIN"
        assert "kiosk set-pin" in guard.pin_pad.message.text()
        guard.open_staff_panel()
        assert guard.staff.title.text() == "Staff panel"
        assert "Content: valid." in guard.staff.status.text()
    finally:
        guard.shutdown()
