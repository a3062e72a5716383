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


def numbered_answers(answers: list[str], wording: str | None) -> list[str]:
    """Each answer as it is said: "Answer 1: Not at all", in the pack's words."""
    template = wording or DEFAULT_ANSWER_WORDING
    return [template.format(number=n, text=text) for n, text in enumerate(answers, start=1)]
