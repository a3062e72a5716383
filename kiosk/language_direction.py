"""Which languages are written right to left: the whole kiosk mirrors for them."""

from __future__ import annotations

#: Arabic, Hebrew, Persian and Urdu: the right-to-left languages a US clinic may serve.
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})


def is_right_to_left(code: str) -> bool:
    """True for a language read from right to left (by its two-letter code)."""
    return code in RIGHT_TO_LEFT
