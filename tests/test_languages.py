"""English and Spanish everywhere: the language button, resets, and complete translations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.loader import validate_pack
from kiosk.model import QuestionnaireScreen

from .helpers import tap

Edit = Callable[[str, str, str], Path]


def test_the_pack_declares_english_and_spanish(pack) -> None:  # type: ignore[no-untyped-def]
    assert pack.settings.languages == ["en", "es"]
    assert pack.language("es").ui.language_name == "Español"


def test_starting_in_spanish(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader

    window, router = build_ui(
        pack,
        Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0),
        language="es",
        reader=Reader(engine="mock"),
    )
    try:
        assert router.language == "es"
        assert router.attract.start_label.text() == pack.language("es").ui.touch_to_start
        router.show_home()
        assert router.home.title.text() == pack.language("es").ui.home_title
    finally:
        window.deleteLater()


def test_the_language_button_keeps_the_page(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("how-ketamine-works", 2)
    assert window.access_bar.language.caption() == "Español"
    tap(window.access_bar.language)
    spanish = pack.language("es").screens["how-ketamine-works"]
    assert router.place.page == 2
    assert router.explainer.page is not None
    assert router.explainer.page.title == spanish.pages[2].title
    assert window.access_bar.language.caption() == "English"
    tap(window.access_bar.language)
    assert router.language == "en"


def test_switching_mid_check_keeps_every_answer(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("phq9")
    router.start_check()
    for choice in (1, 2, 3):
        tap(router.question.answer_buttons[choice])
    tap(window.access_bar.language)
    spanish = pack.language("es").screens["phq9"]
    assert isinstance(spanish, QuestionnaireScreen)
    assert router.question.question.text() == spanish.items[3].text
    assert router.question.stem.text() == spanish.stem
    assert [b.caption() for b in router.question.answer_buttons] == [
        o.label for o in spanish.options
    ]
    assert router.session.check is not None
    assert router.session.check.choices[:3] == [1, 2, 3]
    tap(router.question.back_button)
    assert router.question.answer_buttons[3].is_chosen()
    for _ in range(7):  # items 3 to 9
        tap(router.question.answer_buttons[0])
    assert router.question.question.text() == spanish.follow_up.text  # type: ignore[union-attr]
    tap(router.question.answer_buttons[0])
    assert router.result.band.text() in [b.label for b in spanish.bands]


def test_switching_on_the_support_and_result_screens(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.open_screen("quick-check")
    router.start_check()
    for _ in range(10):
        tap(router.question.answer_buttons[1])
    assert window.stack.currentWidget() is router.support
    tap(window.access_bar.language)
    support = pack.language("es").support
    assert support.title in router.support.spoken_text()
    tap(router.support.continue_button)
    assert router.result.band.text() == pack.language("es").screens["quick-check"].bands[-1].label


def test_a_reset_returns_to_the_default_language(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.show_home()
    tap(window.access_bar.language)
    assert router.language == "es"
    router.reset_session()
    assert router.language == "en"
    assert window.access_bar.language.caption() == "Español"


def _english_strings(pack) -> set[str]:  # type: ignore[no-untyped-def]
    ui = pack.language("en").ui.model_dump()
    return {v for k, v in ui.items() if isinstance(v, str) and k != "language_name"}


def test_no_english_is_left_on_spanish_screens(kiosk_ui, pack) -> None:  # type: ignore[no-untyped-def]
    from kiosk.gallery import _go, screen_states

    window, router = kiosk_ui()
    english = _english_strings(pack)
    research_titles = {a.title for a in pack.language("en").screens["research"].articles}
    for _, name, page in screen_states(pack, "es"):
        _go(router, name, page)
        router.set_language("es")
        router._refresh_current()
        shown = [w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
        shown += [
            w.accessibleName()
            for w in window.findChildren(QAbstractButton)
            if w.isVisibleTo(window)
        ]
        for text in shown:
            text = text.strip()
            if text and text not in research_titles and text != "English":
                assert text not in english, f"English on the Spanish {name}: {text!r}"


def test_a_missing_translation_is_reported(pack_copy: Path) -> None:
    (pack_copy / "es" / "screens" / "trd.yaml").unlink()
    errors = [str(e) for e in validate_pack(pack_copy)]
    assert any("the screen 'trd' exists in en but not in es" in e for e in errors), errors


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  - id: phq9\n", "  - id: phq9x\n", "'items' lacks the item 'phq9'"),
        ("    score: 2\n", "    score: 1\n", "'options' must have the scores [0, 1, 2, 3]"),
        ("    safety: true\n", "    safety: false\n", "same safety flags"),
    ],
)
def test_a_translation_that_would_score_differently_is_refused(
    edit: Edit, pack_copy: Path, old: str, new: str, words: str
) -> None:
    path = edit("es/screens/phq9.yaml", old, new)
    errors = [e for e in validate_pack(pack_copy) if words in e.message]
    assert errors, [str(e) for e in validate_pack(pack_copy)]
    assert errors[0].file == path


def test_a_missing_ui_string_is_named(edit: Edit, pack_copy: Path) -> None:
    path = pack_copy / "es" / "ui.yaml"
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("done:")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = validate_pack(pack_copy)
    assert any(e.file == path and "'done' is missing" in e.message for e in errors), [
        str(e) for e in errors
    ]
