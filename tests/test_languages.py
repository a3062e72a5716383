"""Every language: the language button and chooser, right to left, resets, the clinic's name
and complete translations (English and Spanish shipped; packs of three and four built here)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.fonts import load_fonts
from kiosk.glyph_check import missing_glyphs
from kiosk.guard import GuardTiming, KioskGuard
from kiosk.loader import load_pack, validate_pack
from kiosk.model import QuestionnaireScreen

from .helpers import tap, touchscreen

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


# --- the clinic's own name in each language ---


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


# --- three and four languages, Vietnamese and Arabic among them: the chooser, right to
# left, and fonts that draw every letter, with no code change for a new language ---

#: A few of each language's own texts, in place of the English ones copied from en/.
#: Enough to see the language on every screen the tests visit (and every letter drawn).
TRANSLATIONS = {
    "fr": {
        "ui.yaml": {
            "language_name: English": "language_name: Français\nclinic_name: Centre KetaMD",
            "home_title: Learn about ketamine treatment": (
                "home_title: En savoir plus sur le traitement à la kétamine"
            ),
            "next: Next": "next: Suivant",
            "back: Back": "back: Retour",
        },
        "screens/how-ketamine-works.yaml": {},
    },
    "vi": {
        "ui.yaml": {
            "language_name: English": "language_name: Tiếng Việt",
            "home_title: Learn about ketamine treatment": (
                "home_title: Tìm hiểu về điều trị bằng ketamine"
            ),
            "touch_to_start: Touch the screen to start": (
                "touch_to_start: Chạm vào màn hình để bắt đầu"
            ),
            "next: Next": "next: Tiếp theo",
            "back: Back": "back: Quay lại",
        },
        "screens/how-ketamine-works.yaml": {
            "title: How ketamine works": "title: Ketamine hoạt động như thế nào",
        },
    },
    "ar": {
        "ui.yaml": {
            "language_name: English": "language_name: العربية",
            "home_title: Learn about ketamine treatment": (
                "home_title: تعرّف على العلاج بالكيتامين"
            ),
            "touch_to_start: Touch the screen to start": "touch_to_start: المس الشاشة للبدء",
            "next: Next": "next: التالي",
            "back: Back": "back: السابق",
        },
        "screens/how-ketamine-works.yaml": {
            "title: How ketamine works": "title: كيف يعمل الكيتامين",
        },
    },
}


def _pack_in(pack_copy: Path, languages: list[str]) -> Path:
    """The shipped pack with ``languages`` (en and es, plus copies of en in fr, vi or ar
    with some of their own words)."""
    if "es" not in languages:
        shutil.rmtree(pack_copy / "es")
    for code in languages:
        if code in ("en", "es"):
            continue
        shutil.copytree(pack_copy / "en", pack_copy / code)
        for relative, replacements in TRANSLATIONS[code].items():
            path = pack_copy / code / relative
            text = path.read_text(encoding="utf-8")
            for old, new in replacements.items():
                assert old in text, (old, relative)
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
    settings = pack_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("languages: [en, es]", f"languages: [{', '.join(languages)}]"),
        encoding="utf-8",
    )
    return pack_copy


@pytest.fixture
def many(kiosk_ui, pack_copy: Path):  # type: ignore[no-untyped-def]
    """A kiosk with the given languages, its guard (for swipes) and its pack folder."""
    guards: list[KioskGuard] = []

    def _build(languages: list[str]):  # type: ignore[no-untyped-def]
        pack_dir = _pack_in(pack_copy, languages)
        window, router = kiosk_ui(content=load_pack(pack_dir))
        guard = KioskGuard(
            router,
            GuardTiming(idle_ms=600_000, warning_ms=600_000),
            kiosk_mode=False,
            reload_content=lambda: load_pack(pack_dir),
        )
        guards.append(guard)
        return window, router

    yield _build
    for guard in guards:
        guard.shutdown()


@pytest.mark.parametrize("languages", [["en", "fr", "vi"], ["en", "es", "vi", "ar"]])
def test_packs_of_three_and_four_languages_validate(pack_copy: Path, languages) -> None:  # type: ignore[no-untyped-def]
    pack_dir = _pack_in(pack_copy, languages)
    assert validate_pack(pack_dir) == []
    assert list(load_pack(pack_dir).languages) == languages


def test_a_standard_check_in_a_language_without_its_official_text_is_noted(
    pack_copy: Path,
) -> None:
    """Scores, bands and the safety rule are still checked; the editor is told plainly
    that the words were not, and what to do."""
    phq9 = _pack_in(pack_copy, ["en", "es", "fr"]) / "fr" / "screens" / "phq9.yaml"
    assert [str(note) for note in load_pack(pack_copy).notes] == [
        f"{phq9}:5: the kiosk keeps the official PHQ-9 wording in en, es only: scores, bands "
        "and the safety rule were checked, the wording was not; have it checked against the "
        "official translation"
    ]


def test_every_letter_of_vietnamese_and_arabic_is_drawn_by_a_bundled_font(
    qapp, pack_copy: Path
) -> None:  # type: ignore[no-untyped-def]
    load_fonts()
    pack = load_pack(_pack_in(pack_copy, ["en", "es", "vi", "ar"]))
    assert missing_glyphs(pack) == []


def test_the_language_chooser_works_by_touch(many) -> None:  # type: ignore[no-untyped-def]
    window, router = many(["en", "fr", "vi"])
    tap(router.attract)
    button = window.access_bar.language
    assert button.caption() == "English", "with three languages it names the one shown"
    tap(button)
    chooser = router.language_chooser
    assert chooser.isVisible()
    names = {code: b.caption() for code, b in chooser.buttons.items()}
    assert names == {"en": "English", "fr": "Français", "vi": "Tiếng Việt"}
    assert chooser.buttons["en"].isChecked(), "the language shown is marked"
    tap(chooser.buttons["fr"])
    assert not chooser.isVisible()
    assert router.language == "fr"
    assert router.home.title.text() == "En savoir plus sur le traitement à la kétamine"
    assert router.home.clinic.text() == "Centre KetaMD", "the French clinic name"
    assert button.caption() == "Français"
    tap(button)
    assert chooser.close_button.caption() == router.content.ui.back, "closed in French words"
    assert chooser.close_button.caption() != "Back"
    tap(chooser.close_button)
    assert not chooser.isVisible()
    assert router.language == "fr", "closing the chooser changes nothing"


def test_arabic_lays_the_whole_kiosk_out_right_to_left(many) -> None:  # type: ignore[no-untyped-def]
    window, router = many(["en", "es", "vi", "ar"])
    tap(router.attract)
    tap(window.access_bar.language)
    tap(router.language_chooser.buttons["ar"])
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    router.open_screen("how-ketamine-works", 1)
    explainer = router.explainer
    assert explainer.next_button.caption() == "التالي"
    back = explainer.back_button.mapTo(window, QPoint(0, 0)).x()
    forward = explainer.next_button.mapTo(window, QPoint(0, 0)).x()
    assert forward < back, "Next is on the left, Back on the right"
    language = window.access_bar.language.mapTo(window, QPoint(0, 0)).x()
    assert language < window.width() // 2, "the bar mirrors too"
    tap(explainer.next_button)
    assert router.place.page == 2
    tap(explainer.back_button)
    assert router.place.page == 1
    tap(window.access_bar.language)
    tap(router.language_chooser.buttons["en"])
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    forward = explainer.next_button.mapTo(window, QPoint(0, 0)).x()
    back = explainer.back_button.mapTo(window, QPoint(0, 0)).x()
    assert forward > back


def _swipe(window, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    device = touchscreen()
    QTest.touchEvent(window, device).press(0, start, window).commit()
    QTest.touchEvent(window, device).move(0, (start + end) / 2, window).commit()
    QTest.touchEvent(window, device).move(0, end, window).commit()
    QTest.touchEvent(window, device).release(0, end, window).commit()


def test_right_to_left_pages_turn_with_a_finger_moving_right(many) -> None:  # type: ignore[no-untyped-def]
    window, router = many(["en", "es", "vi", "ar"])
    tap(router.attract)
    tap(window.access_bar.language)
    tap(router.language_chooser.buttons["ar"])
    router.open_screen("how-ketamine-works")
    area = router.explainer.text_area
    left = area.mapTo(window, QPoint(int(area.width() * 0.1), area.height() // 3))
    right = area.mapTo(window, QPoint(int(area.width() * 0.8), area.height() // 3))
    _swipe(window, left, right)
    assert router.place.page == 1, "as in an Arabic book, the next page comes from the left"
    _swipe(window, right, left)
    assert router.place.page == 0


def test_a_reset_brings_back_the_default_language_left_to_right(many) -> None:  # type: ignore[no-untyped-def]
    window, router = many(["en", "es", "vi", "ar"])
    tap(router.attract)
    tap(window.access_bar.language)
    tap(router.language_chooser.buttons["ar"])
    tap(window.access_bar.language)
    assert router.language_chooser.isVisible()
    router.reset_session()
    assert router.language == "en"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not router.language_chooser.isVisible(), "no chooser left open for the next patient"
