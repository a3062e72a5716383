"""The kiosk's typefaces: Atkinson Hyperlegible Next, designed for readers with low vision,
and open Noto fonts for the scripts it does not have.

Atkinson Hyperlegible Next draws Latin for the languages of Western and Central Europe
and the Americas. It has no Vietnamese letters (ơ, ư, ạ, ế …), no Cyrillic, Greek,
Arabic or Hebrew. Qt draws those characters, and only those, from the Noto fonts bundled
beside it (:data:`FALLBACKS`), so they render on a bare machine too. The fallbacks are
the main family's *substitutes*: every widget that asks for :data:`FAMILY` (the
stylesheet names no other) gets them before any system font. Chinese, Japanese and
Korean come from the system (``fonts-noto-cjk`` on Debian and Ubuntu; Windows has them).

Every font ships as TrueType (``.ttf``), which every font engine Qt uses takes: FreeType
and fontconfig on Linux, DirectWrite and GDI on Windows. (WOFF files are refused by
DirectWrite, and a refused font is silently replaced by a system one: the patient would
read another typeface and nothing would say so.) ``kiosk doctor`` checks that each family
registers with the platform's real engine; ``kiosk validate`` warns about any character of
a pack that no font on the machine can draw (:mod:`kiosk.glyph_check`). Where each file
comes from is in ``resources/fonts/README.md``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from kiosk.paths import resources_dir

log = logging.getLogger(__name__)

FAMILY = "Atkinson Hyperlegible Next"
#: The bundled fallback families, in the order Qt tries them, and what each is there for.
FALLBACKS = {
    "Noto Sans": "Vietnamese, Cyrillic, Greek and the rest of Latin",
    "Noto Sans Arabic": "Arabic, Persian and Urdu",
    "Noto Sans Hebrew": "Hebrew",
}
FONT_FILES = (
    "atkinson-hyperlegible-next-regular.ttf",
    "atkinson-hyperlegible-next-bold.ttf",
    "noto-sans-regular.ttf",
    "noto-sans-bold.ttf",
    "noto-sans-arabic-regular.ttf",
    "noto-sans-arabic-bold.ttf",
    "noto-sans-hebrew-regular.ttf",
    "noto-sans-hebrew-bold.ttf",
)
#: The styles the stylesheet uses: body text and bold titles and buttons.
STYLES = ("Regular", "Bold")


def font_files() -> list[Path]:
    return [resources_dir() / "fonts" / name for name in FONT_FILES]


#: The application the fonts were registered with, and the families: the first frame at
#: start-up registers them, and the full kiosk built after it must not register 8 files
#: again (each registration is another copy in memory).
_registered: tuple[int, list[str]] | None = None


def load_fonts() -> list[str]:
    """Register the bundled font files and make the Noto fonts :data:`FAMILY`'s fallbacks;
    return the families registered (empty when the platform's engine refused them all: Qt
    then falls back to a system font). Once per application."""
    global _registered
    app = id(QGuiApplication.instance())
    if _registered is not None and _registered[0] == app:
        return list(_registered[1])
    families: set[str] = set()
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("the font engine refused %s; a system font is used instead", path.name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    # Tried in order for any character FAMILY lacks, before the system's fonts (a bare
    # machine may have no Arabic at all). Qt adds each substitute only once, so loading
    # the fonts again (the gallery, the tests) changes nothing.
    QFont.insertSubstitutions(FAMILY, list(FALLBACKS))
    _registered = (app, sorted(families))
    return sorted(families)


def missing_styles(family: str = FAMILY) -> list[str]:
    """The styles of ``family`` the stylesheet needs that the font engine lacks."""
    if family not in QFontDatabase.families():
        return list(STYLES)
    present = set(QFontDatabase.styles(family))
    return [style for style in STYLES if style not in present]


def missing_fallbacks() -> list[str]:
    """The bundled fallback families the font engine lacks, or has without bold."""
    return [family for family in FALLBACKS if missing_styles(family)]
