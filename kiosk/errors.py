"""Content problems as objects that can describe themselves to a person.

Every problem found in a content pack becomes one :class:`ContentError`; the loader
collects all of them (not only the first) into :class:`ContentErrors`, which is what
``kiosk validate`` prints and what the staff panel shows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path


def printable(text: str) -> str:
    """``text`` with every control and invisible formatting character shown as an escape.

    A file name or a value with a newline could otherwise start a line of its own in
    ``kiosk validate``'s output or the log ("ALL CLEAR ..."), and a right-to-left override
    (U+202E) could turn "gpj.exe" into "exe.jpg" on screen: such characters are shown as
    ``\\n``, ``\\u202e``. Ordinary text, accents and every script are left as they are.
    """
    if text.isprintable():
        return text
    shown = []
    for character in text:
        if character.isprintable() or character == " ":
            shown.append(character)
        elif unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            shown.append(character.encode("unicode_escape").decode("ascii"))
        else:
            shown.append(character)
    return "".join(shown)


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file, at one line when the line is known."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        file = printable(str(self.file))
        where = f"{file}:{self.line}" if self.line is not None else file
        return f"{where}: {printable(self.message)}"


class ContentErrors(Exception):
    """All the problems found while loading a content pack."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors), key=lambda e: (str(e.file), e.line or 0, e.message))
        super().__init__(self.render())

    def render(self) -> str:
        """Return one ``FILE:LINE: what is wrong`` line per problem."""
        return "\n".join(str(error) for error in self.errors)
