"""Can this machine draw every character of the pack? The check behind ``kiosk validate``'s
font warnings.

A character that no font has is drawn as an empty box, or not at all: a patient would
see holes in the text and nothing would say so. The kiosk's own fonts
(:mod:`kiosk.fonts`) draw Latin, Vietnamese, Cyrillic, Greek, Arabic and Hebrew; anything
else must come from the machine (Chinese, Japanese and Korean from ``fonts-noto-cjk`` on
Debian and Ubuntu; Windows has them). Every text of every YAML file of the pack is checked,
and each character nobody can draw is reported as ``FILE:LINE: which characters``.

Whether a character can be drawn is asked of Qt's own font fallback, with the kiosk's
font, exactly as the screens would draw it. So ``kiosk validate`` runs this in a child
process (``python -m kiosk.glyph_check DIR``), as it does the fit check: the validator
itself stays Qt-free.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import ContentError
from kiosk.loader import ContentPack, load_pack
from kiosk.safeyaml import Location, YamlDocument, YamlProblem, read_yaml

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

# Characters with no shape of their own, which no font is expected to draw: controls,
# invisible formatting (joiners, direction marks, the soft hyphen), line and paragraph
# separators, spaces.
_SHAPELESS_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Zs")
# Variation selectors choose a form of the character before them; they are not drawn.
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Whole blocks the system's CJK fonts draw (Han, kana, Hangul and their punctuation).
_CJK_BLOCKS = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


@dataclass(frozen=True)
class TextAt:
    """One text of a content file, and the lines it may span."""

    file: Path
    first_line: int | None
    last_line: int | None
    text: str


def missing_glyphs(pack: ContentPack) -> list[ContentError]:
    """One warning per file and line holding characters no font on this machine draws.

    Needs a Qt application (see :func:`main`)."""
    texts = list(pack_texts(pack))
    characters = {c for text in texts for c in text.text if has_shape(c)}
    return describe(texts, undrawable(characters))


def pack_texts(pack: ContentPack) -> Iterator[TextAt]:
    """Every text of every YAML file the pack is made of."""
    for name in pack.files:
        if not name.endswith((".yaml", ".yml")):
            continue
        path = pack.root / name
        try:
            document = read_yaml(path)
        except YamlProblem:
            continue  # the loader read it a moment ago: changed since, it is the next run's
        yield from _file_texts(path, document)


def _file_texts(path: Path, document: YamlDocument) -> Iterator[TextAt]:
    # A value ends at the latest before the line where the next value starts.
    starts = sorted(set(document.lines.values()))
    for location, text in _strings(document.data, ()):
        first = document.line_of(location)
        if first is None:
            yield TextAt(path, None, None, text)
            continue
        following = bisect.bisect_right(starts, first)
        last = starts[following] - 1 if following < len(starts) else None
        yield TextAt(path, first, last, text)


def _strings(data: Any, location: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(data, str):
        yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*location, index))


def has_shape(character: str) -> bool:
    """Whether a font is expected to have a shape for ``character``."""
    if unicodedata.category(character) in _SHAPELESS_CATEGORIES:
        return False
    code = ord(character)
    return not any(low <= code <= high for low, high in _VARIATION_SELECTORS)


def undrawable(characters: Iterable[str]) -> set[str]:
    """The characters that neither the kiosk's fonts nor the machine's can draw.

    Needs a Qt application; registers the kiosk's fonts, as the kiosk does."""
    from PySide6.QtGui import QFont

    from kiosk.fonts import FAMILY, load_fonts

    load_fonts()
    font = QFont(FAMILY)
    return {c for c in characters if not _drawable(c, font)}


def _drawable(character: str, font: QFont) -> bool:
    """Qt's font fallback finds a shape for ``character``: the font itself, its bundled
    substitutes, then every font of the system. Glyph 0 is the empty box ("notdef") a font
    draws for a character it does not have."""
    if unicodedata.category(character) == "Cs":
        return False  # half of a UTF-16 pair, alone: not a character at all
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(character, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    # Only the glyph numbers are read: a run's rawFont() crashes PySide6 6.11 when no
    # font could shape the run (U+0700, Syriac, on a machine without a Syriac font).
    runs = layout.glyphRuns()
    return bool(runs) and all(0 not in run.glyphIndexes() for run in runs)


def describe(texts: Iterable[TextAt], missing: set[str]) -> list[ContentError]:
    """One warning per file and line that holds characters of ``missing``."""
    if not missing:
        return []
    found: dict[tuple[Path, int | None], set[str]] = defaultdict(set)
    file_lines: dict[Path, list[str]] = {}
    for text in texts:
        for character in missing.intersection(text.text):
            if text.file not in file_lines:
                file_lines[text.file] = _read_lines(text.file)
            found[(text.file, _line_with(file_lines[text.file], text, character))].add(character)
    warnings = [
        ContentError(path, line, _message(sorted(characters)))
        for (path, line), characters in found.items()
    ]
    return sorted(warnings, key=lambda w: (str(w.file), w.line or 0))


# The line breaks YAML counts (str.splitlines() also breaks at form feeds and others).
_YAML_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _read_lines(path: Path) -> list[str]:
    try:
        return _YAML_LINE_BREAK.split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


def _line_with(lines: list[str], text: TextAt, character: str) -> int | None:
    """The line of ``text`` that holds ``character`` (a paragraph may span lines); the
    text's first line when the file writes it as an escape such as "\\ue000"."""
    if text.first_line is None:
        return None
    last = min(text.last_line or len(lines), len(lines))
    for number in range(text.first_line, last + 1):
        if character in lines[number - 1]:
            return number
    return text.first_line


def _message(characters: list[str]) -> str:
    listed = ", ".join(_named(c) for c in characters)
    return (
        f"no font on this machine can draw {listed}: patients would see an empty box "
        f"instead; {_advice(characters)}"
    )


def _named(character: str) -> str:
    """``字 (U+5B57)``; a code that is no letter by its number alone (printed, it would be
    an escape such as ``\\ue000`` anyway)."""
    code = f"U+{ord(character):04X}"
    category = unicodedata.category(character)
    if category == "Co":
        return f"{code} (private use)"
    if category in ("Cn", "Cs"):
        return f"{code} (not a character)"
    return f"{character} ({code})"


_ADVICE = {
    "cjk": "for Chinese, Japanese or Korean install the fonts-noto-cjk package (Debian, "
    "Ubuntu; Windows has these fonts)",
    "code": "check the text: private-use and unassigned codes are no letter of any "
    "language (they often come with text pasted from a PDF or a word processor)",
    "other": "check the text, or ask whoever looks after the kiosk to install a font that "
    "has these characters (the Noto fonts cover most scripts)",
}


def _advice(characters: list[str]) -> str:
    """What to do, for each kind of character missing."""
    kinds = {_kind(c) for c in characters}
    return "; ".join(advice for kind, advice in _ADVICE.items() if kind in kinds)


def _kind(character: str) -> str:
    if unicodedata.category(character) in ("Co", "Cn", "Cs"):
        return "code"
    code = ord(character)
    return "cjk" if any(low <= code <= high for low, high in _CJK_BLOCKS) else "other"


def main(argv: list[str]) -> int:
    """``python -m kiosk.glyph_check DIR``: print one JSON object per warning."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    pack = load_pack(Path(argv[0]))
    for error in missing_glyphs(pack):
        found = {"file": str(error.file), "line": error.line, "message": error.message}
        sys.stdout.write(json.dumps(found) + "\n")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
