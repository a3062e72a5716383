"""The kiosk's own fonts draw the languages a US clinic serves, on a bare machine.

Atkinson Hyperlegible Next draws Latin; the bundled Noto fonts draw what it lacks
(Vietnamese letters, Cyrillic, Greek, Arabic, Persian, Urdu, Hebrew). Checked against
the font files themselves, and against what Qt actually picks when it draws: this
machine may have system fonts for Arabic (DejaVu Sans), a clinic's kiosk may not.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont, QTextLayout

from kiosk.fonts import FALLBACKS, FAMILY, font_files, load_fonts
from kiosk.glyph_check import TextAt, describe, has_shape, missing_glyphs
from kiosk.loader import ContentPack


def _vietnamese_letters() -> str:
    """Every vowel with every tone, small and capital, and đ: all of written Vietnamese."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    small = "".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in tones)
    return small + small.upper() + "đĐ"


TEXTS = {
    "vi": "Trầm cảm kháng trị là gì? Khi trầm cảm không đỡ sau nhiều lần điều trị, "
    "đó không phải lỗi của bạn. Hãy hỏi nhân viên phòng khám. " + _vietnamese_letters(),
    "ar": "ما هو الاكتئاب المقاوم للعلاج؟ عندما لا يتحسن الاكتئاب بعد عدة علاجات، "
    "فهذا ليس خطأك؛ اطلب المساعدة من موظفي العيادة. ٠١٢٣٤٥٦٧٨٩",
    "fa-ur": "افسردگی چیست؟ پژوهش گفتگو ۰۱۲۳۴۵۶۷۸۹ ڈپریشن کیا ہے؟ ٹھیک ڑ ں ے",
    "he": "מה זה דיכאון עמיד לטיפול? אתם לא לבד.",
    "ru": "Что такое депрессия, устойчивая к лечению? Вы не одни. Ґ ґ Є є Ї ї",
    "el": "Τι είναι η κατάθλιψη; Δεν είστε μόνοι.",
    "es": "¿Qué es la depresión resistente al tratamiento? Año, pingüino, ¡ánimo!",
}
WEIGHTS = {"regular": QFont.Weight.Normal, "bold": QFont.Weight.Bold}


def _shaped(text: str) -> list[str]:
    return sorted({c for c in text if has_shape(c)})


@pytest.mark.parametrize("style", WEIGHTS)
@pytest.mark.parametrize("language", TEXTS)
def test_every_character_is_in_a_bundled_font_file(qapp, language: str, style: str) -> None:  # type: ignore[no-untyped-def]
    files = [path for path in font_files() if path.stem.endswith(f"-{style}")]
    assert len(files) == 1 + len(FALLBACKS)
    fonts = [QRawFont(str(path), 32) for path in files]
    assert all(font.isValid() for font in fonts)
    uncovered = [
        f"U+{ord(c):04X} {c}"
        for c in _shaped(TEXTS[language])
        # By code point: PySide6 turns a one-letter str into a wrong QChar beyond ASCII.
        if not any(font.supportsCharacter(ord(c)) for font in fonts)
    ]
    assert uncovered == []


def _drawn_with(text: str, weight: QFont.Weight) -> set[tuple[str, str]]:
    """The (family, style) of every font Qt draws ``text`` with, in the kiosk's font."""
    font = QFont(FAMILY)
    font.setPixelSize(32)
    font.setWeight(weight)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert all(0 not in run.glyphIndexes() for run in runs), "an empty box"
    return {(run.rawFont().familyName(), run.rawFont().styleName()) for run in runs}


@pytest.mark.parametrize("style", WEIGHTS)
@pytest.mark.parametrize("language", TEXTS)
def test_qt_draws_them_with_the_bundled_fonts_in_the_right_weight(
    qapp, language: str, style: str
) -> None:  # type: ignore[no-untyped-def]
    load_fonts()
    used = _drawn_with(TEXTS[language], WEIGHTS[style])
    assert {family for family, _ in used} <= {FAMILY, *FALLBACKS}, "a system font"
    # A bold title stays bold in every script: the real bold face, not a regular one.
    assert {style_name for _, style_name in used} == {style.title()}


def test_latin_text_is_drawn_in_atkinson_hyperlegible_next_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    load_fonts()
    text = "What is treatment-resistant depression? 0123456789 ¿Qué? Œuvre, façade."
    assert _drawn_with(text, QFont.Weight.Normal) == {(FAMILY, "Regular")}


def test_each_bundled_font_has_its_licence_beside_it() -> None:
    folder = font_files()[0].parent
    stems = {path.stem.rsplit("-", 1)[0] for path in font_files()}
    for stem in stems:
        licence = folder / f"{stem}-OFL.txt"
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for package in ("atkinson-hyperlegible-next", "noto-sans", "noto-sans-arabic"):
        assert f"@fontsource/{package}" in readme


def test_the_shipped_pack_has_no_character_without_a_font(qapp, pack: ContentPack) -> None:  # type: ignore[no-untyped-def]
    assert missing_glyphs(pack) == []


def test_the_warning_says_what_to_do_for_each_kind_of_character(tmp_path: Path) -> None:
    path = tmp_path / "title.yaml"
    path.write_text("title: ✓ 抑郁 \ue000\n", encoding="utf-8")
    text = TextAt(path, 1, 1, "✓ 抑郁 \ue000")
    [warning] = describe([text], {"✓", "抑", "郁", "\ue000"})
    assert (warning.file, warning.line) == (path, 1)
    assert warning.message.startswith(
        "no font on this machine can draw ✓ (U+2713), 抑 (U+6291), 郁 (U+90C1), "
        "U+E000 (private use): patients would see an empty box instead; "
    )
    assert "install the fonts-noto-cjk package" in warning.message  # for 抑郁
    assert "private-use and unassigned codes are no letter" in warning.message  # U+E000
    assert "install a font that has these characters" in warning.message  # for ✓
    assert describe([text], {"\ue000"})[0].message.count("; ") == 1, "only what applies"


def test_shapeless_characters_are_not_asked_for() -> None:
    # Spaces, joiners, direction marks, the soft hyphen, variation selectors: no font
    # needs a shape for them, and no warning must name them.
    for character in " \u00a0\u200b\u200c\u200d\u200e\u200f\u00ad\ufe0f\n\t":
        assert not has_shape(character), f"U+{ord(character):04X}"
    for character in "aệبשЖ字\ue000\u0378\u0301":
        assert has_shape(character), f"U+{ord(character):04X}"


def test_the_font_files_stay_small() -> None:
    # Each is at most a few hundred KiB: the subsets a waiting room needs, not all of Noto.
    sizes = {path.name: path.stat().st_size for path in font_files()}
    assert max(sizes.values()) < 300 * 1024, sizes
    assert sum(sizes.values()) < 1024 * 1024, sizes


def test_the_fonts_are_truetype() -> None:
    # Windows' DirectWrite refuses WOFF: only TrueType outlines ('\0\1\0\0') ship.
    for path in font_files():
        assert path.suffix == ".ttf"
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00", path.name
