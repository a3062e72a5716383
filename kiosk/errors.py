"""Content problems as objects that can describe themselves to a person.

Every problem found in a content pack becomes one :class:`ContentError`; the loader
collects all of them (not only the first) into :class:`ContentErrors`, which is what
``kiosk validate`` prints and what the staff panel shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file, at one line when the line is known."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """All the problems found while loading a content pack."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors), key=lambda e: (str(e.file), e.line or 0, e.message))
        super().__init__(self.render())

    def render(self) -> str:
        """Return one ``FILE:LINE: what is wrong`` line per problem."""
        return "\n".join(str(error) for error in self.errors)
