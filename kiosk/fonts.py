"""The kiosk's typeface: Atkinson Hyperlegible, designed for readers with low vision.

It ships as TrueType (``.ttf``), which every font engine Qt uses takes: FreeType and
fontconfig on Linux, DirectWrite and GDI on Windows. (The WOFF files it used to ship are
refused by DirectWrite, and a refused font is silently replaced by a system one: the
patient would read another typeface and nothing would say so.) ``kiosk doctor`` checks
that the family registers with the platform's real engine.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from kiosk.paths import resources_dir

log = logging.getLogger(__name__)

FAMILY = "Atkinson Hyperlegible"
FONT_FILES = (
    "atkinson-hyperlegible-latin-400-normal.ttf",
    "atkinson-hyperlegible-latin-700-normal.ttf",
)
#: The styles the stylesheet uses: body text and bold titles and buttons.
STYLES = ("Regular", "Bold")


def font_files() -> list[Path]:
    return [resources_dir() / "fonts" / name for name in FONT_FILES]


def load_fonts() -> list[str]:
    """Register the bundled font files; return the families they brought (empty when the
    platform's engine refused them: Qt then falls back to a system font)."""
    families: set[str] = set()
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("the font engine refused %s; a system font is used instead", path.name)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)


def missing_styles() -> list[str]:
    """The styles of :data:`FAMILY` the stylesheet needs that the font engine lacks."""
    if FAMILY not in QFontDatabase.families():
        return list(STYLES)
    present = set(QFontDatabase.styles(FAMILY))
    return [style for style in STYLES if style not in present]
