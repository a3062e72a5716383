"""What the kiosk says aloud, made from what it shows. No Qt here.

Speech comes from the screen's own text (the pack), with two adjustments a listener
needs and a reader does not:

* phone numbers and short codes in crisis text are read digit by digit ("9 8 8", not
  "nine hundred eighty-eight"; "7 4 1 7 4 1", not "seven hundred forty-one thousand");
* the answers of a question are numbered ("Answer 1: Not at all"), with the pack's
  ``speech_answer`` wording, so that a listener knows where each answer starts and ends.
"""

from __future__ import annotations

import re

#: Three or more digits in a row: a phone number, a short code, a text line.
_NUMBER = re.compile(r"\d{3,}")
DEFAULT_ANSWER_WORDING = "Answer {number}: {text}"


def digit_by_digit(text: str) -> str:
    """``text`` with every number of three or more digits spelled out digit by digit."""

    def spaced(match: re.Match[str]) -> str:
        return " " + " ".join(match.group()) + " "

    return re.sub(r" {2,}", " ", _NUMBER.sub(spaced, text)).strip()


#: A comfortable reading pace for a slide seen in passing (older readers included).
WORDS_PER_MINUTE = 150
GLANCE_MS = 2_000  # to notice the slide and find where its text starts


def reading_ms(text: str, at_least_ms: int) -> int:
    """How long a slide must stay for its words to be read: never less than
    ``at_least_ms`` (the clinic's own setting)."""
    words = len(text.split())
    return max(at_least_ms, GLANCE_MS + round(words * 60_000 / WORDS_PER_MINUTE))


def numbered_answers(answers: list[str], wording: str | None) -> list[str]:
    """Each answer as it is said: "Answer 1: Not at all", in the pack's words."""
    template = wording or DEFAULT_ANSWER_WORDING
    return [template.format(number=n, text=text) for n, text in enumerate(answers, start=1)]
